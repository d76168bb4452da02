import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { DomainError, nextBestEvaluator } from '@app/domain';
import {
  activeProgrammeManagers,
  AuditWriter,
  CallRepository,
  EvaluatorPoolRepository,
  LIVE_ASSIGNMENT_STATES,
  OutboxWriter,
  ProposalRepository,
  ReviewAssignmentRepository,
  UnitOfWork,
} from '@app/persistence';
import { OfferReviewUseCase } from './offer-review.use-case';
import { UNDER_REVIEW } from './review-states';

export interface TopUpOffersInput {
  proposalId: string;
  stageNo: number;
  cause: string;
  /** The workflow's time of the top-up. */
  at: string;
}

/**
 * Offers the proposal to the next best evaluators until it has its reviewers (SPEC V4: after a decline
 * or an expiry, the highest-affinity candidate with spare load not yet offered it). When no candidate
 * is left the programme managers are told how many are missing.
 */
@Injectable()
export class TopUpOffersUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly offerReview: OfferReviewUseCase,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(input: TopUpOffersInput): Promise<{ offered: string[]; missing: number }> {
    return this.uow.run(async (tx) => {
      const head = await this.proposals.find(tx, input.proposalId);
      if (!head)
        throw new DomainError('PROPOSAL_NOT_FOUND', `Proposal ${input.proposalId} not found.`, 'not-found', [], {
          proposalId: input.proposalId,
        });
      const callId = head.callId;
      await this.assignments.lockCallAssignments(tx, callId);
      const call = await this.calls.find(tx, callId);
      const [proposal] = await this.assignments.assignmentProposals(tx, callId, input.stageNo, [input.proposalId]);
      // After DECIDED only proposals re-opened by an upheld redress are under review (they enter through F5).
      if (
        !call ||
        !['IN_EVALUATION', 'DECIDED'].includes(call.state) ||
        !proposal ||
        !UNDER_REVIEW.includes(proposal.state)
      )
        return { offered: [], missing: 0 };
      const config = call.configuration;
      const existing = await this.assignments.ofProposal(tx, input.proposalId, input.stageNo);
      let missing =
        config.reviewersPerProposal - existing.filter((a) => LIVE_ASSIGNMENT_STATES.includes(a.state)).length;
      if (missing <= 0) return { offered: [], missing: 0 };

      const evaluators = await this.pool.loadAssignmentPool(callId, tx);
      const loads = await this.assignments.liveLoads(tx, callId);
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
        const id = await this.offerReview.execute(tx, {
          callId: call.id,
          config,
          stageNo: input.stageNo,
          proposal,
          pair: { evaluatorId: next.evaluatorId, affinity: next.affinity, reason: next.reason },
          origin,
          jobId: null,
          offeredAt: new Date(input.at),
        });
        offeredIds.push(next.evaluatorId);
        loads[next.evaluatorId] = (loads[next.evaluatorId] ?? 0) + 1;
        if (id !== null) offered.push(id);
        missing -= 1;
      }
      if (offered.length > 0) await this.proposals.transitionEligibleToInReview(tx, [input.proposalId]);
      if (missing > 0) {
        const live = existing.filter((a) => LIVE_ASSIGNMENT_STATES.includes(a.state)).length + offered.length;
        const key = `${input.proposalId}:${input.stageNo}:${existing.length + offered.length}`;
        await this.audit.record(tx, {
          actor: null,
          action: 'proposal.reviewers-missing',
          entityType: 'proposal',
          entityId: input.proposalId,
          after: { stageNo: input.stageNo, missing, reason: 'NO_CANDIDATE_LEFT', cause: input.cause },
          businessKey: `reviewers-missing:${key}`,
        });
        for (const pm of await activeProgrammeManagers(tx)) {
          await this.outbox.enqueue(tx, {
            kind: 'REVIEWERS_MISSING',
            recipient: pm,
            data: {
              callTitle: config.title,
              proposalAcronym: proposal.acronym,
              count: missing,
              page: webLinks.proposal(input.proposalId),
            },
            idempotencyKey: `reviewers-missing:${key}:${live}:${pm.userId}`,
          });
        }
      }
      return { offered, missing: Math.max(missing, 0) };
    });
  }
}
