import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  webLinks,
  type CallWorkflowState,
  type FinaliseRankingRequest,
  type FinaliseRankingResult,
} from '@app/contracts';
import { stageTwoInvitations, toEurReference, toZonedIso } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  OutboxWriter,
  RankingRepository,
  UserRepository,
  type CallRanking,
  type CallRecord,
} from '@app/persistence';
import { lockCall, refusal } from './activity-failure';
import { callWorkflowState } from './call-lifecycle.activities';

/** Proposal states that still wait for eligibility, reviews or a consensus. */
const NOT_YET_DECIDED = ['ELIGIBILITY_CHECK', 'ELIGIBLE', 'IN_REVIEW', 'REVIEWED'];

type Finalised = FinaliseRankingResult & { nextState?: CallWorkflowState };

/**
 * IN_EVALUATION → RANKED (SPEC §4, V7–V8), one transaction under the call row's lock: refused while any
 * proposal of the stage still waits for eligibility, reviews or a consensus (each named); otherwise the
 * ranking is frozen as a snapshot. After stage 1 of a two-stage call, the consortia are invited down the
 * ranking until their requested funding would pass the oversubscription factor × the committed budget,
 * told (invited or not), and the call opens stage 2 at once. Idempotent: a retry returns the snapshot's summary.
 */
@Injectable()
export class RankingActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly rankings: RankingRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async finaliseRanking(input: {
    callId: string;
    request: FinaliseRankingRequest;
    updateId: string;
  }): Promise<Finalised> {
    return this.dataSource.transaction(async (manager) => {
      const call = await lockCall(this.calls, manager, input.callId);
      const done = await this.existing(manager, call);
      if (done) return done;
      if (call.state !== 'IN_EVALUATION')
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; the ranking is finalised from IN_EVALUATION.`,
          [],
          { state: call.state, allowed: ['IN_EVALUATION'] },
        );
      const stageNo = call.currentStage as 1 | 2;
      const pending: Array<{ id: string; acronym: string; state: string }> = await manager.query(
        'SELECT id, acronym, state FROM proposal WHERE call_id = $1 AND stage_no = $2 AND state = ANY($3) ORDER BY acronym, id',
        [call.id, stageNo, NOT_YET_DECIDED],
      );
      if (pending.length > 0) {
        throw refusal(
          'rule',
          'RANKING_INCOMPLETE',
          `${pending.length} proposal(s) of stage ${stageNo} have no outcome yet.`,
          pending.map((p) => ({
            field: `proposals.${p.id}`,
            code: `PROPOSAL_${p.state}`,
            message: `${p.acronym} is ${p.state}`,
            params: { acronym: p.acronym, state: p.state },
          })),
          { count: pending.length, stage: stageNo },
        );
      }
      const ranking = await this.rankings.callRanking(manager, call, stageNo);
      // The snapshot is what agencies and the decision see: consensus results, never individual scores.
      const entries = ranking.entries.map(({ reviewerScores: _individual, ...entry }) => entry);
      await manager.query(
        'INSERT INTO ranking_snapshot (call_id, stage_no, entries, finalised_by) VALUES ($1, $2, $3, $4)',
        [call.id, stageNo, JSON.stringify(entries), input.request.actor.userId],
      );
      await this.calls.setState(manager, call.id, 'RANKED');
      const ranked = entries.filter((e) => e.rank !== null).length;
      await this.audit.record(manager, {
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
        return this.openStageTwo(manager, call, ranking, summary, input.request.actor);
      return summary;
    });
  }

  /** A retried finalisation: the snapshot exists, so answer what it answered the first time. */
  private async existing(manager: EntityManager, call: CallRecord): Promise<Finalised | null> {
    const stageNo = call.state === 'OPEN' && call.currentStage === 2 ? 1 : call.currentStage;
    const rows: Array<{ entries: Array<{ rank: number | null }> }> = await manager.query(
      'SELECT entries FROM ranking_snapshot WHERE call_id = $1 AND stage_no = $2',
      [call.id, stageNo],
    );
    if (rows.length === 0) return null;
    const ranked = rows[0].entries.filter((e) => e.rank !== null).length;
    const summary = { stageNo, ranked, belowThreshold: rows[0].entries.length - ranked };
    if (call.currentStage === 2 && stageNo === 1) {
      const invited: Array<{ n: string }> = await manager.query(
        'SELECT count(*) AS n FROM stage_two_invitation WHERE call_id = $1',
        [call.id],
      );
      return {
        ...summary,
        invited: Number(invited[0].n),
        state: 'OPEN',
        nextState: callWorkflowState(call, await this.calls.commitments(manager, call.id), 2),
      };
    }
    return { ...summary, invited: null, state: 'RANKED' };
  }

  private async openStageTwo(
    manager: EntityManager,
    call: CallRecord,
    ranking: CallRanking,
    summary: FinaliseRankingResult,
    actor: { userId: string; role: string },
  ): Promise<Finalised> {
    const config = call.configuration;
    const commitments = await this.calls.commitments(manager, call.id);
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
      await manager.query(
        'INSERT INTO stage_two_invitation (pre_proposal_id, call_id, rank, requested_funding_eur) VALUES ($1, $2, $3, $4)',
        [entry.proposalId, call.id, entry.rank, requested.get(entry.proposalId)],
      );
    }
    await manager.query(
      "UPDATE joint_call SET current_stage = 2, state = 'OPEN', updated_at = clock_timestamp(), version = version + 1 WHERE id = $1",
      [call.id],
    );
    await this.audit.record(manager, {
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
    for (const entry of ranking.entries) {
      const isInvited = invited.has(entry.proposalId);
      const outcome = isInvited
        ? `invited to submit a full proposal by ${deadline} (rank ${entry.rank})`
        : entry.rank === null
          ? 'below threshold in stage 1, not invited to stage 2'
          : `ranked ${entry.rank} in stage 1 but not invited: the invited consortia's requested funding reached ${config.oversubscriptionFactor} × the committed budget`;
      const coordinator: Array<{ coordinator: string }> = await manager.query(
        'SELECT coordinator_organisation_id AS coordinator FROM proposal WHERE id = $1',
        [entry.proposalId],
      );
      for (const member of await this.users.activeMembersOf(manager, coordinator[0].coordinator)) {
        await this.outbox.enqueue(manager, {
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
