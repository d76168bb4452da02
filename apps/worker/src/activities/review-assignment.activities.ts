import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  webLinks,
  type AssignmentChange,
  type OfferAnswerRequest,
  type ReviewActivities,
  type ReviewSchedule,
  type SubmitReviewRequest,
} from '@app/contracts';
import {
  evaluationStage,
  nextBestEvaluator,
  offerExpiry,
  REVIEW_REMINDER_DAYS,
  toZonedIso,
  validateReviewScores,
  weightedTotalText,
  type CallConfiguration,
  type CompleteCriterionScore,
  type CriterionScore,
} from '@app/domain';
import {
  activeProgrammeManagers,
  type AssignmentRecord,
  AuditWriter,
  CallRepository,
  EvaluatorPoolRepository,
  LIVE_ASSIGNMENT_STATES,
  OutboxWriter,
  recipientOf,
  ReviewAssignmentRepository,
} from '@app/persistence';
import { refusal } from './activity-failure';

/** Proposal states in which reviews are wanted. */
const UNDER_REVIEW = ['ELIGIBLE', 'IN_REVIEW'];

/**
 * The assignment lifecycle (SPEC §4 Assignment, V4–V5) as single transactions for the proposal's review
 * workflow: offers topped up with the next best evaluator, answers, expiry, reviews submitted, reminders
 * and the overdue alert. Time is the workflow's: an expiry runs when its timer fires, not when the
 * database clock says so. Each is idempotent under its update id or business key.
 */
@Injectable()
export class ReviewAssignmentActivities implements ReviewActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async loadReviewSchedule(input: { proposalId: string; stageNo: number }): Promise<ReviewSchedule> {
    const manager = this.dataSource.manager;
    const rows: Array<{ state: string; callState: string }> = await manager.query(
      'SELECT p.state, c.state AS "callState" FROM proposal p JOIN joint_call c ON c.id = p.call_id WHERE p.id = $1',
      [input.proposalId],
    );
    const assignments = await this.assignments.ofProposal(manager, input.proposalId, input.stageNo);
    const finished = rows.length === 0 || rows[0].callState === 'CANCELLED' || !UNDER_REVIEW.includes(rows[0].state);
    return {
      finished,
      reminderDays: [...REVIEW_REMINDER_DAYS],
      assignments: assignments.map((a) => ({
        assignmentId: a.id,
        evaluatorId: a.evaluatorId,
        state: a.state,
        offerExpiresAt: a.offerExpiresAt.toISOString(),
        ...(a.respondedAt ? { respondedAt: a.respondedAt.toISOString() } : {}),
        reviewDueAt: a.reviewDueAt.toISOString(),
      })),
    };
  }

  async topUpOffers(input: {
    proposalId: string;
    stageNo: number;
    cause: string;
    at: string;
  }): Promise<{ offered: string[]; missing: number }> {
    return this.dataSource.transaction(async (manager) => {
      const head: Array<{ callId: string; state: string }> = await manager.query(
        'SELECT call_id AS "callId", state FROM proposal WHERE id = $1',
        [input.proposalId],
      );
      if (head.length === 0)
        throw refusal('not-found', 'PROPOSAL_NOT_FOUND', `Proposal ${input.proposalId} not found.`, [], {
          proposalId: input.proposalId,
        });
      const callId = head[0].callId;
      await this.assignments.lockCallAssignments(manager, callId);
      const call = await this.calls.find(manager, callId);
      const [proposal] = await this.assignments.assignmentProposals(manager, callId, input.stageNo, [input.proposalId]);
      // After DECIDED only proposals re-opened by an upheld redress are under review (they enter through F5).
      if (
        !call ||
        !['IN_EVALUATION', 'DECIDED'].includes(call.state) ||
        !proposal ||
        !UNDER_REVIEW.includes(proposal.state)
      )
        return { offered: [], missing: 0 };
      const config = call.configuration;
      const existing = await this.assignments.ofProposal(manager, input.proposalId, input.stageNo);
      let missing =
        config.reviewersPerProposal - existing.filter((a) => LIVE_ASSIGNMENT_STATES.includes(a.state)).length;
      if (missing <= 0) return { offered: [], missing: 0 };

      const evaluators = await this.pool.loadAssignmentPool(callId, manager);
      const loads = await this.assignments.liveLoads(manager, callId);
      const offeredIds = existing.map((a) => a.evaluatorId);
      const options = {
        reviewersPerProposal: config.reviewersPerProposal,
        excludePartnerRegions: config.excludePartnerRegionEvaluators ?? false,
      };
      const offered: string[] = [];
      const origin = input.cause.startsWith('declined:') || input.cause.startsWith('expired:') ? 'REPLACEMENT' : 'AUTO';
      while (missing > 0) {
        const next = nextBestEvaluator(proposal, evaluators, options, {
          offeredEvaluatorIds: offeredIds,
          loadByEvaluatorId: loads,
        });
        if (next.evaluatorId === null) break;
        const id = await this.offer(
          manager,
          call.id,
          config,
          input.stageNo,
          proposal,
          { evaluatorId: next.evaluatorId, affinity: next.affinity, reason: next.reason },
          origin,
          null,
          new Date(input.at),
        );
        offeredIds.push(next.evaluatorId);
        loads[next.evaluatorId] = (loads[next.evaluatorId] ?? 0) + 1;
        if (id !== null) offered.push(id);
        missing -= 1;
      }
      if (offered.length > 0) await this.markInReview(manager, input.proposalId);
      if (missing > 0) {
        const live = existing.filter((a) => LIVE_ASSIGNMENT_STATES.includes(a.state)).length + offered.length;
        await this.audit.record(manager, {
          actor: null,
          action: 'proposal.reviewers-missing',
          entityType: 'proposal',
          entityId: input.proposalId,
          after: { stageNo: input.stageNo, missing, reason: 'NO_CANDIDATE_LEFT', cause: input.cause },
          businessKey: `reviewers-missing:${input.proposalId}:${input.stageNo}:${existing.length + offered.length}`,
        });
        for (const pm of await activeProgrammeManagers(manager)) {
          await this.outbox.enqueue(manager, {
            kind: 'REVIEWERS_MISSING',
            recipient: pm,
            data: {
              callTitle: config.title,
              proposalAcronym: proposal.acronym,
              count: missing,
              page: webLinks.proposal(input.proposalId),
            },
            idempotencyKey: `reviewers-missing:${input.proposalId}:${input.stageNo}:${existing.length + offered.length}:${live}:${pm.userId}`,
          });
        }
      }
      return { offered, missing: Math.max(missing, 0) };
    });
  }

  /** Stores one offer and tells the evaluator; returns null when the pair was already offered. */
  async offer(
    manager: EntityManager,
    callId: string,
    config: CallConfiguration,
    stageNo: number,
    proposal: { id: string; acronym: string },
    pair: { evaluatorId: string; affinity: number; reason: string },
    origin: AssignmentRecord['origin'],
    jobId: string | null,
    offeredAt: Date,
  ): Promise<string | null> {
    const offerExpiresAt = offerExpiry(offeredAt);
    const reviewDueAt = new Date(config.timeline.stages[stageNo - 1].reviewDeadline);
    const id = await this.assignments.insertOffer(manager, {
      callId,
      proposalId: proposal.id,
      stageNo,
      evaluatorId: pair.evaluatorId,
      origin,
      affinity: pair.affinity,
      reason: pair.reason,
      jobId,
      offeredAt,
      offerExpiresAt,
      reviewDueAt,
    });
    if (id === null) return null;
    await this.audit.record(manager, {
      actor: null,
      action: 'assignment.offered',
      entityType: 'assignment',
      entityId: id,
      after: {
        proposalId: proposal.id,
        evaluatorId: pair.evaluatorId,
        stageNo,
        origin,
        affinity: pair.affinity,
        jobId,
      },
      businessKey: `assignment-offered:${id}`,
    });
    if (jobId === null) {
      const evaluator = await recipientOf(manager, pair.evaluatorId);
      await this.outbox.enqueue(manager, {
        kind: 'REVIEW_OFFER',
        recipient: evaluator,
        data: {
          callTitle: config.title,
          proposalAcronym: proposal.acronym,
          count: 1,
          deadline: toZonedIso(offerExpiresAt.toISOString(), config.timeZone),
          page: webLinks.assignment(id),
        },
        idempotencyKey: `review-offer:${id}`,
      });
    }
    return id;
  }

  private async markInReview(manager: EntityManager, proposalId: string): Promise<void> {
    await manager.query(
      "UPDATE proposal SET state = 'IN_REVIEW', updated_at = clock_timestamp() WHERE id = $1 AND state = 'ELIGIBLE'",
      [proposalId],
    );
  }

  private async lockedAssignment(manager: EntityManager, id: string, actorId?: string): Promise<AssignmentRecord> {
    const assignment = await this.assignments.find(manager, id, true);
    if (!assignment || (actorId !== undefined && assignment.evaluatorId !== actorId))
      throw refusal('not-found', 'ASSIGNMENT_NOT_FOUND', `Assignment ${id} not found.`, [], { assignmentId: id });
    return assignment;
  }

  async answerOffer(input: { request: OfferAnswerRequest; updateId: string; at: string }): Promise<AssignmentChange> {
    const { request } = input;
    return this.dataSource.transaction(async (manager) => {
      const assignment = await this.lockedAssignment(manager, request.assignmentId, request.actor.userId);
      const target = request.answer === 'ACCEPT' ? 'ACCEPTED' : 'DECLINED';
      if (assignment.state === target) return { assignmentId: assignment.id, state: assignment.state };
      if (assignment.state !== 'OFFERED')
        throw refusal(
          'conflict',
          'ASSIGNMENT_STATE_CONFLICT',
          `The assignment is ${assignment.state}; only an offer can be answered.`,
          [],
          { state: assignment.state, allowed: ['OFFERED'] },
        );
      if (request.answer === 'DECLINE' && !request.reason?.trim())
        throw refusal(
          'rule',
          'DECLINE_REASON_REQUIRED',
          'Say why you decline (a conflict, no time, outside your expertise).',
        );
      await this.assignments.setState(manager, assignment.id, target, {
        respondedAt: new Date(input.at),
        declineReason: request.answer === 'DECLINE' ? request.reason!.trim() : undefined,
      });
      await this.audit.record(manager, {
        actor: request.actor,
        action: request.answer === 'ACCEPT' ? 'assignment.accepted' : 'assignment.declined',
        entityType: 'assignment',
        entityId: assignment.id,
        before: { state: 'OFFERED' },
        after: { state: target, ...(request.answer === 'DECLINE' ? { reason: request.reason!.trim() } : {}) },
        businessKey: `update:${input.updateId}`,
      });
      return { assignmentId: assignment.id, state: target };
    });
  }

  async expireOffer(input: { assignmentId: string }): Promise<AssignmentChange> {
    return this.dataSource.transaction(async (manager) => {
      const assignment = await this.lockedAssignment(manager, input.assignmentId);
      if (assignment.state !== 'OFFERED') return { assignmentId: assignment.id, state: assignment.state };
      await this.assignments.setState(manager, assignment.id, 'EXPIRED');
      await this.audit.record(manager, {
        actor: null,
        action: 'assignment.expired',
        entityType: 'assignment',
        entityId: assignment.id,
        before: { state: 'OFFERED' },
        after: { state: 'EXPIRED', offerExpiresAt: assignment.offerExpiresAt.toISOString() },
        businessKey: `assignment-expired:${assignment.id}`,
      });
      const context = await this.context(manager, assignment);
      await this.outbox.enqueue(manager, {
        kind: 'REVIEW_OFFER_EXPIRED',
        recipient: await recipientOf(manager, assignment.evaluatorId),
        data: { callTitle: context.callTitle, proposalAcronym: context.acronym },
        idempotencyKey: `review-offer-expired:${assignment.id}`,
      });
      return { assignmentId: assignment.id, state: 'EXPIRED' };
    });
  }

  async submitReview(input: { request: SubmitReviewRequest; updateId: string; at: string }): Promise<AssignmentChange> {
    const { request } = input;
    return this.dataSource.transaction(async (manager) => {
      const assignment = await this.lockedAssignment(manager, request.assignmentId, request.actor.userId);
      if (assignment.state === 'REVIEW_SUBMITTED') return { assignmentId: assignment.id, state: assignment.state };
      if (assignment.state !== 'ACCEPTED')
        throw refusal(
          'conflict',
          'ASSIGNMENT_STATE_CONFLICT',
          `The assignment is ${assignment.state}; only an accepted assignment takes a review.`,
          [],
          { state: assignment.state, allowed: ['ACCEPTED'] },
        );
      const reviews: Array<{ scores: CriterionScore[] }> = await manager.query(
        'SELECT scores FROM review WHERE assignment_id = $1 FOR UPDATE',
        [assignment.id],
      );
      if (reviews.length === 0)
        throw refusal('rule', 'REVIEW_MISSING', 'Save the review (PUT /assignments/{id}/review) before submitting it.');
      const call = await this.calls.find(manager, assignment.callId);
      const { criteria } = evaluationStage(call!.configuration, assignment.stageNo as 1 | 2);
      const violations = validateReviewScores(criteria, reviews[0].scores, 'SUBMIT');
      if (violations.length > 0)
        throw refusal(
          'rule',
          'REVIEW_INCOMPLETE',
          'The review is not complete: every criterion needs a score and a comment.',
          violations,
        );
      const total = weightedTotalText(criteria, reviews[0].scores as CompleteCriterionScore[]);
      await manager.query(
        "UPDATE review SET state = 'SUBMITTED', weighted_total = $2, submitted_at = clock_timestamp(), updated_at = clock_timestamp() WHERE assignment_id = $1",
        [assignment.id, total],
      );
      await this.assignments.setState(manager, assignment.id, 'REVIEW_SUBMITTED', { submittedAt: new Date(input.at) });
      await this.audit.record(manager, {
        actor: request.actor,
        action: 'assignment.review-submitted',
        entityType: 'assignment',
        entityId: assignment.id,
        before: { state: 'ACCEPTED' },
        after: { state: 'REVIEW_SUBMITTED', weightedTotal: total },
        businessKey: `update:${input.updateId}`,
      });
      // The proposal is REVIEWED once it has its reviewers' reviews and no offer or review is still open.
      const all = await this.assignments.ofProposal(manager, assignment.proposalId, assignment.stageNo);
      const submitted = all.filter((a) => a.state === 'REVIEW_SUBMITTED').length;
      const open = all.filter((a) => a.state === 'OFFERED' || a.state === 'ACCEPTED').length;
      if (open === 0 && submitted >= call!.configuration.reviewersPerProposal) {
        await manager.query(
          "UPDATE proposal SET state = 'REVIEWED', updated_at = clock_timestamp() WHERE id = $1 AND state = 'IN_REVIEW'",
          [assignment.proposalId],
        );
        await this.audit.record(manager, {
          actor: null,
          action: 'proposal.reviewed',
          entityType: 'proposal',
          entityId: assignment.proposalId,
          before: { state: 'IN_REVIEW' },
          after: { state: 'REVIEWED', reviews: submitted },
          businessKey: `proposal-reviewed:${assignment.proposalId}:${assignment.stageNo}`,
        });
      }
      return { assignmentId: assignment.id, state: 'REVIEW_SUBMITTED' };
    });
  }

  async remindReviewer(input: { assignmentId: string; daysBefore: number }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const assignment = await this.lockedAssignment(manager, input.assignmentId);
      if (assignment.state !== 'ACCEPTED') return;
      const context = await this.context(manager, assignment);
      await this.outbox.enqueue(manager, {
        kind: 'REVIEW_REMINDER',
        recipient: await recipientOf(manager, assignment.evaluatorId),
        data: {
          callTitle: context.callTitle,
          proposalAcronym: context.acronym,
          count: input.daysBefore,
          deadline: toZonedIso(assignment.reviewDueAt.toISOString(), context.timeZone),
          page: webLinks.assignment(assignment.id),
        },
        idempotencyKey: `review-reminder:${assignment.id}:${input.daysBefore}`,
      });
    });
  }

  async alertOverdueReview(input: { assignmentId: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const assignment = await this.lockedAssignment(manager, input.assignmentId);
      if (assignment.state !== 'ACCEPTED') return;
      const context = await this.context(manager, assignment);
      await this.audit.record(manager, {
        actor: null,
        action: 'assignment.review-overdue',
        entityType: 'assignment',
        entityId: assignment.id,
        after: { reviewDueAt: assignment.reviewDueAt.toISOString(), evaluatorId: assignment.evaluatorId },
        businessKey: `review-overdue:${assignment.id}`,
      });
      for (const pm of await activeProgrammeManagers(manager)) {
        await this.outbox.enqueue(manager, {
          kind: 'REVIEW_OVERDUE',
          recipient: pm,
          data: {
            callTitle: context.callTitle,
            proposalAcronym: context.acronym,
            deadline: toZonedIso(assignment.reviewDueAt.toISOString(), context.timeZone),
            page: webLinks.proposal(assignment.proposalId),
          },
          idempotencyKey: `review-overdue:${assignment.id}:${pm.userId}`,
        });
      }
    });
  }

  private async context(
    manager: EntityManager,
    assignment: AssignmentRecord,
  ): Promise<{ callTitle: string; acronym: string; timeZone: string }> {
    const rows: Array<{ callTitle: string; acronym: string; timeZone: string }> = await manager.query(
      'SELECT c.title AS "callTitle", p.acronym, c.time_zone AS "timeZone" FROM proposal p JOIN joint_call c ON c.id = p.call_id WHERE p.id = $1',
      [assignment.proposalId],
    );
    return rows[0];
  }
}
