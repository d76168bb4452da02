import { Injectable, NotFoundException } from '@nestjs/common';
import { PROPOSAL_REVIEW_WORKFLOW_TYPE, TaskQueues, webLinks, WorkflowIds, offersChangedSignal } from '@app/contracts';
import {
  addedEvaluatorViolations,
  affinity,
  DomainError,
  callSettingsOf,
  offerExpiry,
  pairReason,
  sharedTerms,
  toZonedIso,
  type Violation,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  EvaluatorPoolRepository,
  LIVE_ASSIGNMENT_STATES,
  OutboxWriter,
  ProposalRepository,
  ReviewAssignmentRepository,
  UnitOfWork,
  UserRepository,
  WorkflowSignalOutboxRepository,
  type AssignmentRecord,
  type AuditActor,
} from '@app/persistence';

export interface AssignEvaluatorManuallyInput {
  callId: string;
  proposalId: string;
  evaluatorId: string;
  replacesAssignmentId?: string;
  reason: string;
  actor: AuditActor;
  /** The API's clock: when the offer is made. */
  now: Date;
}

/**
 * The programme manager's override of a pair (SPEC V4): a chosen evaluator for a proposal, optionally in
 * place of an open assignment, which is withdrawn. V2 (hard conflicts) and V3 (load) still hold, and a
 * pair is never offered twice in a stage; the answer reports the affinity given up. The proposal's
 * review workflow learns of it through the workflow outbox and runs the new offer's timers.
 */
@Injectable()
export class AssignEvaluatorManuallyUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly users: UserRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(input: AssignEvaluatorManuallyInput): Promise<{ assignment: AssignmentRecord; affinityLoss: number | null }> {
    const { callId, actor } = input;
    return this.uow.run(async (tx) => {
      const call = await this.calls.find(tx, callId);
      if (!call) throw new NotFoundException(`Call ${callId} not found.`);
      // After DECIDED: the re-evaluation of a proposal re-opened by an upheld redress (it enters through F5).
      if (call.state !== 'IN_EVALUATION' && call.state !== 'DECIDED')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; assignments change during IN_EVALUATION.`,
          'conflict',
          [],
          { state: call.state, allowed: ['IN_EVALUATION', 'DECIDED'] },
        );
      await this.assignments.lockCallAssignments(tx, callId);
      const [proposal] = await this.assignments.assignmentProposals(tx, callId, call.currentStage, [input.proposalId]);
      if (!proposal)
        throw new NotFoundException(
          `Proposal ${input.proposalId} not found in this call's stage ${call.currentStage}.`,
        );
      if (proposal.state !== 'ELIGIBLE' && proposal.state !== 'IN_REVIEW') {
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; evaluators are assigned while it is ELIGIBLE or IN_REVIEW.`,
          'conflict',
          [],
          { state: proposal.state, allowed: ['ELIGIBLE', 'IN_REVIEW'] },
        );
      }
      const stageNo = call.currentStage;
      const evaluator = (await this.pool.loadAssignmentPool(callId, tx)).find((e) => e.id === input.evaluatorId);
      const existing = await this.assignments.ofProposal(tx, proposal.id, stageNo);
      const replaced =
        input.replacesAssignmentId === undefined
          ? undefined
          : existing.find((a) => a.id === input.replacesAssignmentId);
      const violations: Violation[] = [];
      if (!evaluator)
        violations.push({
          field: 'evaluatorId',
          code: 'EVALUATOR_NOT_IN_POOL',
          message: 'not an evaluator of this call who signed its declaration',
        });
      else {
        // The domain's rules for a pair added by hand (V2–V4); a pair offered once in the stage counts as
        // already on it.
        violations.push(
          ...addedEvaluatorViolations(
            proposal,
            evaluator,
            {
              excludePartnerRegions: call.configuration.excludePartnerRegionEvaluators ?? false,
              load: (await this.assignments.liveLoads(tx, callId))[evaluator.id] ?? 0,
              alreadyOnProposal: existing.some((a) => a.evaluatorId === evaluator.id),
            },
            'evaluatorId',
          ),
        );
      }
      if (
        input.replacesAssignmentId !== undefined &&
        (!replaced || !['OFFERED', 'ACCEPTED'].includes(replaced.state))
      ) {
        violations.push({
          field: 'replacesAssignmentId',
          code: 'OVERRIDE_UNKNOWN_PAIR',
          message: 'not an open (offered or accepted) assignment of this proposal',
        });
      }
      const live = existing.filter((a) => LIVE_ASSIGNMENT_STATES.includes(a.state)).length - (replaced ? 1 : 0);
      if (live >= call.configuration.reviewersPerProposal) {
        violations.push({
          rule: 'V1',
          field: 'replacesAssignmentId',
          code: 'PROPOSAL_FULLY_ASSIGNED',
          message:
            `the proposal already has ${call.configuration.reviewersPerProposal} evaluators: ` +
            'name the assignment this one replaces',
          params: { max: call.configuration.reviewersPerProposal },
        });
      }
      if (violations.length > 0)
        throw new DomainError('OVERRIDE_REFUSED', 'The assignment breaks the assignment rules.', 'rule', violations);

      if (replaced) {
        await this.assignments.transitionAssignment(tx, replaced, 'WITHDRAWN');
        await this.audit.record(tx, {
          actor,
          action: 'assignment.withdrawn',
          entityType: 'assignment',
          entityId: replaced.id,
          before: { state: replaced.state },
          after: { state: 'WITHDRAWN', reason: input.reason },
        });
      }
      const now = input.now;
      const pairAffinity = affinity(proposal, evaluator!.expertise);
      const why = pairReason({ affinity: pairAffinity, sharedTerms: sharedTerms(proposal, evaluator!.expertise) });
      const id = (await this.assignments.insertOffer(tx, {
        callId,
        proposalId: proposal.id,
        stageNo,
        evaluatorId: evaluator!.id,
        origin: 'MANUAL',
        affinity: pairAffinity,
        reason: `assigned by the programme manager: ${input.reason.trim()}; ${why}`,
        jobId: null,
        offeredAt: now,
        offerExpiresAt: offerExpiry(now, callSettingsOf(call.configuration).offerValidityDays),
        reviewDueAt: new Date(call.configuration.timeline.stages[stageNo - 1].reviewDeadline),
      }))!;
      const affinityLoss = replaced ? replaced.affinity - pairAffinity : null;
      await this.proposals.transitionEligibleToInReview(tx, [proposal.id]);
      await this.audit.record(tx, {
        actor,
        action: 'assignment.assigned-manually',
        entityType: 'assignment',
        entityId: id,
        after: {
          proposalId: proposal.id,
          evaluatorId: evaluator!.id,
          affinity: pairAffinity,
          replaces: replaced?.id ?? null,
          affinityLoss,
          reason: input.reason.trim(),
        },
      });
      const contact = await this.users.findById(tx, evaluator!.id);
      if (contact) {
        await this.outbox.enqueue(tx, {
          kind: 'REVIEW_OFFER',
          recipient: { userId: contact.id, email: contact.email, displayName: contact.displayName },
          data: {
            callTitle: call.configuration.title,
            proposalAcronym: proposal.acronym,
            count: 1,
            deadline: toZonedIso(
              offerExpiry(now, callSettingsOf(call.configuration).offerValidityDays).toISOString(),
              call.configuration.timeZone,
            ),
            page: webLinks.assignment(id),
          },
          idempotencyKey: `review-offer:${id}`,
        });
      }
      await this.signals.enqueue(tx, {
        dedupeKey: `manual-assignment:${id}`,
        workflowId: WorkflowIds.proposalReview(proposal.id, stageNo),
        workflowType: PROPOSAL_REVIEW_WORKFLOW_TYPE,
        taskQueue: TaskQueues.main,
        startArgs: [{ callId, proposalId: proposal.id, stageNo }],
        signal: offersChangedSignal,
        signalArgs: [{ reason: `manual:${id}` }],
      });
      return { assignment: (await this.assignments.find(tx, id))!, affinityLoss };
    });
  }
}
