import { Injectable } from '@nestjs/common';
import {
  webLinks,
  type CallWorkflowState,
  type FinaliseRankingRequest,
  type FinaliseRankingResult,
} from '@app/contracts';
import { DomainError, stageTwoInvitations, toEurReference, toZonedIso } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  OutboxWriter,
  ProposalRepository,
  RankingRepository,
  UnitOfWork,
  UserRepository,
  WorkflowSignalOutboxRepository,
  type CallRanking,
  type CallRecord,
  type Tx,
} from '@app/persistence';
import { callWorkflowState, lockedCall } from '../calls/call-workflow-state';
import { signalProposalsChanged } from '../proposals/proposal-changed';

/** Proposal states that still wait for eligibility, reviews or a consensus. */
const NOT_YET_DECIDED = ['ELIGIBILITY_CHECK', 'ELIGIBLE', 'IN_REVIEW', 'REVIEWED'];

export type FinalisedRanking = FinaliseRankingResult & { nextState?: CallWorkflowState };

/**
 * IN_EVALUATION → RANKED (SPEC §4, V7–V8), one transaction under the call row's lock: refused while any
 * proposal of the stage still waits for eligibility, reviews or a consensus (each named); otherwise the
 * ranking is frozen as a snapshot. After stage 1 of a two-stage call, the consortia are invited down the
 * ranking until their requested funding would pass the oversubscription factor × the committed budget,
 * told (invited or not), and the call opens stage 2 at once. Idempotent: a retry returns the snapshot's summary.
 */
@Injectable()
export class FinaliseRankingUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly rankings: RankingRepository,
    private readonly proposals: ProposalRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: { callId: string; request: FinaliseRankingRequest; updateId: string }): Promise<FinalisedRanking> {
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      const done = await this.existing(tx, call);
      if (done) return done;
      if (call.state !== 'IN_EVALUATION')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; the ranking is finalised from IN_EVALUATION.`,
          'conflict',
          [],
          { state: call.state, allowed: ['IN_EVALUATION'] },
        );
      const stageNo = call.currentStage as 1 | 2;
      const pending = await this.rankings.proposalsIn(tx, call.id, stageNo, NOT_YET_DECIDED);
      if (pending.length > 0) {
        throw new DomainError(
          'RANKING_INCOMPLETE',
          `${pending.length} proposal(s) of stage ${stageNo} have no outcome yet.`,
          'rule',
          pending.map((p) => ({
            field: `proposals.${p.id}`,
            code: `PROPOSAL_${p.state}`,
            message: `${p.acronym} is ${p.state}`,
            params: { acronym: p.acronym, state: p.state },
          })),
          { count: pending.length, stage: stageNo },
        );
      }
      const ranking = await this.rankings.callRanking(tx, call, stageNo);
      // The snapshot is what agencies and the decision see: consensus results, never individual scores.
      const entries = ranking.entries.map(({ reviewerScores: _individual, ...entry }) => entry);
      await this.rankings.saveSnapshot(tx, {
        callId: call.id,
        stageNo,
        entries,
        finalisedBy: input.request.actor.userId,
      });
      await this.calls.transitionCall(tx, call.id, 'RANKED');
      const ranked = entries.filter((e) => e.rank !== null).length;
      await this.audit.record(tx, {
        actor: input.request.actor,
        action: 'call.ranking-finalised',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'IN_EVALUATION' },
        after: { state: 'RANKED', stageNo, ranked, belowThreshold: entries.length - ranked },
        businessKey: `update:${input.updateId}`,
      });
      const summary: FinaliseRankingResult = {
        stageNo,
        ranked,
        belowThreshold: entries.length - ranked,
        invited: null,
        state: 'RANKED',
      };
      if (call.configuration.stages === 2 && stageNo === 1)
        return this.openStageTwo(tx, { ...call, state: 'RANKED' }, ranking, summary, input.request.actor);
      return summary;
    });
  }

  /** A retried finalisation: the snapshot exists, so answer what it answered the first time. */
  private async existing(tx: Tx, call: CallRecord): Promise<FinalisedRanking | null> {
    const stageNo = call.state === 'OPEN' && call.currentStage === 2 ? 1 : call.currentStage;
    const snapshot = await this.rankings.snapshot(tx, call.id, stageNo);
    if (!snapshot) return null;
    const ranked = snapshot.entries.filter((e) => e.rank !== null).length;
    const summary = { stageNo, ranked, belowThreshold: snapshot.entries.length - ranked };
    if (call.currentStage === 2 && stageNo === 1) {
      return {
        ...summary,
        invited: await this.rankings.invitationCount(tx, call.id),
        state: 'OPEN',
        nextState: callWorkflowState(call, await this.calls.commitments(tx, call.id), 2),
      };
    }
    return { ...summary, invited: null, state: 'RANKED' };
  }

  private async openStageTwo(
    tx: Tx,
    call: CallRecord,
    ranking: CallRanking,
    summary: FinaliseRankingResult,
    actor: { userId: string; role: string },
  ): Promise<FinalisedRanking> {
    const config = call.configuration;
    const commitments = await this.calls.commitments(tx, call.id);
    const committedBudgetEur = commitments
      .filter((c) => c.status === 'CONFIRMED')
      .reduce((sum, c) => sum + toEurReference(c.amount, c.currency, config.referenceRates), 0);
    const rankedEntries = ranking.entries.filter((e) => e.rank !== null);
    const requested = new Map(
      rankedEntries.map((e) => [
        e.proposalId,
        e.requestedFunding.reduce((sum, r) => sum + toEurReference(r.amount, r.currency, config.referenceRates), 0),
      ]),
    );
    const invitations = stageTwoInvitations({
      ranking: rankedEntries.map((e) => ({
        proposalId: e.proposalId,
        requestedFundingEur: requested.get(e.proposalId)!,
      })),
      committedBudgetEur,
      oversubscriptionFactor: config.oversubscriptionFactor,
    });
    const invited = new Set(invitations.invitedIds);
    for (const entry of rankedEntries.filter((e) => invited.has(e.proposalId))) {
      await this.rankings.invite(tx, {
        preProposalId: entry.proposalId,
        callId: call.id,
        rank: entry.rank!,
        requestedFundingEur: requested.get(entry.proposalId)!,
      });
    }
    await this.calls.transitionToStageTwo(tx, call);
    await this.audit.record(tx, {
      actor,
      action: 'call.stage-two-opened',
      entityType: 'call',
      entityId: call.id,
      before: { state: 'RANKED', stageNo: 1 },
      after: {
        state: 'OPEN',
        stageNo: 2,
        invited: invitations.invitedIds,
        capEur: invitations.capEur,
        invitedTotalEur: invitations.invitedTotalEur,
        firstNotInvited: invitations.firstNotInvited,
      },
      businessKey: `stage-two-opened:${call.id}`,
    });
    const deadline = toZonedIso(config.timeline.stages[1].submissionDeadline, config.timeZone);
    // The stage-one results are sent now: each pre-proposal's workflow reads its facts (V9's window opens).
    await signalProposalsChanged(
      this.signals,
      tx,
      ranking.entries.map((e) => ({ id: e.proposalId, callId: call.id })),
      'result-sent',
      `stage-two:${call.id}`,
    );
    for (const entry of ranking.entries) {
      const isInvited = invited.has(entry.proposalId);
      const outcome = isInvited
        ? `invited to submit a full proposal by ${deadline} (rank ${entry.rank})`
        : entry.rank === null
          ? 'below threshold in stage 1, not invited to stage 2'
          : `ranked ${entry.rank} in stage 1 but not invited: the invited consortia's requested funding reached ` +
            `${config.oversubscriptionFactor} × the committed budget`;
      const proposal = await this.proposals.find(tx, entry.proposalId);
      for (const member of await this.users.activeMembersOf(tx, proposal!.coordinatorOrganisationId)) {
        await this.outbox.enqueue(tx, {
          kind: 'STAGE_ONE_RESULT',
          recipient: { userId: member.id, email: member.email, displayName: member.displayName },
          data: {
            callTitle: config.title,
            proposalAcronym: entry.acronym,
            outcome,
            ...(isInvited ? { deadline } : {}),
            page: webLinks.proposalOutcome(entry.proposalId),
          },
          idempotencyKey: `stage-one-result:${entry.proposalId}:${member.id}`,
        });
      }
    }
    return {
      ...summary,
      invited: invitations.invitedIds.length,
      state: 'OPEN',
      nextState: callWorkflowState({ ...call, currentStage: 2 }, commitments, 2),
    };
  }
}
