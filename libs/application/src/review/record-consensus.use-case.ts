import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import {
  CONSENSUS_FROM_STATES,
  consensusOutcome,
  DomainError,
  evaluationStage,
  reviewSpread,
  validateConsensus,
  type CompleteCriterionScore,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  ProposalEvaluationRepository,
  ProposalRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
  type ConsensusLine,
  type ProposalEvaluationRecord,
  type ProposalRecord,
} from '@app/persistence';
import { signalProposalsChanged } from '../proposals/proposal-changed';
import { assertCallInEvaluation } from './call-in-evaluation';
import { EvaluationAccess } from './evaluation-access';

export interface RecordConsensusInput {
  proposalId: string;
  stageNo?: number;
  /** As the client sent them: validated here (V7), every problem named. */
  scores: unknown[];
  user: Principal;
}

/**
 * The programme manager or the proposal's rapporteur records or revises the consensus per criterion
 * (SPEC V7). The proposal becomes BELOW_THRESHOLD when a criterion is under its threshold or the
 * unweighted sum under the overall threshold, RANKED otherwise (RESERVE after the decision, V9).
 */
@Injectable()
export class RecordConsensusUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: EvaluationAccess,
    private readonly proposals: ProposalRepository,
    private readonly evaluations: ProposalEvaluationRepository,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(
    input: RecordConsensusInput,
  ): Promise<{ proposal: ProposalRecord; evaluation: ProposalEvaluationRecord | null; stageNo: number }> {
    const { proposalId: id, user } = input;
    return this.uow.run(async (tx) => {
      const { proposal: found, stageNo } = await this.access.managerOrRapporteur(tx, user, id, input.stageNo);
      assertCallInEvaluation(await this.evaluations.callStateShared(tx, found.callId), 'the consensus is recorded');
      const proposal = (await this.proposals.find(tx, id, 'update'))!;
      if (!CONSENSUS_FROM_STATES.includes(proposal.state)) {
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; a consensus is recorded once it is REVIEWED ` +
            '(and revised while BELOW_THRESHOLD or RANKED).',
          'conflict',
          [],
          { state: proposal.state, allowed: ['REVIEWED', 'BELOW_THRESHOLD', 'RANKED'] },
        );
      }
      const call = (await this.calls.find(tx, proposal.callId))!;
      const stage = evaluationStage(call.configuration, stageNo);
      const violations = validateConsensus(stage, input.scores);
      if (violations.length > 0)
        throw new DomainError(
          'INVALID_CONSENSUS',
          `The consensus has ${violations.length} problem(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      const lines: ConsensusLine[] = (input.scores as Array<{ criterion: string; score: number; comment: string }>).map(
        (s) => ({ criterion: s.criterion, score: s.score, comment: s.comment }),
      );
      // Stored in the criteria's order, whatever order the client sent.
      lines.sort(
        (a, b) =>
          stage.criteria.findIndex((c) => c.name === a.criterion) -
          stage.criteria.findIndex((c) => c.name === b.criterion),
      );
      const outcome = consensusOutcome(stage, lines as CompleteCriterionScore[]);
      const flagged = reviewSpread(
        stage.criteria,
        await this.evaluations.submittedReviews(tx, id, stageNo),
      ).flaggedForDiscussion;
      const before = await this.evaluations.find(tx, id, stageNo, true);
      await this.evaluations.saveConsensus(tx, {
        proposalId: id,
        stageNo,
        consensus: lines,
        by: user.userId,
        outcome: outcome.outcome,
        reasons: outcome.reasons,
        weightedTotal: outcome.weightedTotal,
        unweightedSum: outcome.unweightedSum,
        flaggedForDiscussion: flagged,
      });
      const state =
        outcome.outcome === 'BELOW_THRESHOLD' ? 'BELOW_THRESHOLD' : call.state === 'DECIDED' ? 'RESERVE' : 'RANKED';
      if (state !== proposal.state) await this.proposals.transitionByConsensus(tx, proposal, state);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: before?.consensus ? 'proposal.consensus-revised' : 'proposal.consensus-recorded',
        entityType: 'proposal',
        entityId: id,
        before: { stageNo, state: proposal.state, ...snapshot(before) },
        after: {
          stageNo,
          state,
          consensus: lines,
          outcome: outcome.outcome,
          reasons: outcome.reasons,
          weightedTotal: outcome.weightedTotal,
          unweightedSum: outcome.unweightedSum,
        },
      });
      const evaluation = await this.evaluations.find(tx, id, stageNo);
      // The stage's result is issued (or revised): the proposal's workflow keeps its redress window (V9).
      await signalProposalsChanged(
        this.signals,
        tx,
        [{ id, callId: proposal.callId }],
        'consensus',
        `${stageNo}:${evaluation?.consensusAt?.toISOString() ?? 'none'}`,
      );
      return { proposal: (await this.proposals.find(tx, id))!, evaluation, stageNo };
    });
  }
}

function snapshot(evaluation: ProposalEvaluationRecord | null): Record<string, unknown> {
  if (!evaluation?.consensus) return { consensus: null, outcome: null };
  return {
    consensus: evaluation.consensus,
    outcome: evaluation.outcome,
    reasons: evaluation.reasons,
    weightedTotal: evaluation.weightedTotal,
    unweightedSum: Number(evaluation.unweightedSum),
  };
}
