import { Injectable, NotFoundException } from '@nestjs/common';
import { agencyIdsOf, hasRole, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import {
  CallRepository,
  EvaluatorPoolRepository,
  ProposalEvaluationRepository,
  ProposalRepository,
  type CallRecord,
  type ProposalRecord,
  type Tx,
} from '@app/persistence';

/**
 * The evaluation boundary (SPEC §2): individual reviews, their evaluators and the consensus are for
 * programme managers and the proposal's rapporteur (one of its evaluators, without a declared conflict);
 * everyone else — other evaluators of the same proposal, applicants, agency officers — gets 404. The
 * ranking is for programme managers and the officers of the call's participating agencies.
 */
@Injectable()
export class EvaluationAccess {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly evaluations: ProposalEvaluationRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly calls: CallRepository,
  ) {}

  isProgrammeManager(principal: Principal): boolean {
    return hasRole(principal, 'PROGRAMME_MANAGER');
  }

  /** The stage asked for, which must be the proposal's own (a full proposal is a proposal of its own). */
  stageOf(proposal: ProposalRecord, asked: number | undefined): 1 | 2 {
    const stageNo = asked ?? proposal.stageNo;
    if (stageNo !== proposal.stageNo) {
      throw new DomainError(
        'INVALID_STAGE',
        `The proposal is evaluated in stage ${proposal.stageNo}, not ${stageNo}.`,
        'rule',
        [
          {
            field: 'stageNo',
            code: 'INVALID_STAGE',
            message: `The proposal belongs to stage ${proposal.stageNo}.`,
            params: { stage: proposal.stageNo },
          },
        ],
        { stage: proposal.stageNo, actual: stageNo },
      );
    }
    return stageNo as 1 | 2;
  }

  /** A proposal the caller may evaluate as programme manager or as its rapporteur in the stage; 404 otherwise. */
  async managerOrRapporteur(
    manager: Tx,
    principal: Principal,
    proposalId: string,
    askedStage: number | undefined,
  ): Promise<{ proposal: ProposalRecord; stageNo: 1 | 2 }> {
    const proposal = await this.proposals.find(manager, proposalId);
    const notFound = new NotFoundException(`Proposal ${proposalId} not found.`);
    if (!proposal || proposal.state === 'DRAFT') throw notFound;
    if (this.isProgrammeManager(principal)) return { proposal, stageNo: this.stageOf(proposal, askedStage) };
    if (!hasRole(principal, 'EVALUATOR')) throw notFound;
    const stageNo = askedStage ?? proposal.stageNo;
    if (!(await this.evaluations.isRapporteur(manager, principal.userId, proposal.id, stageNo))) throw notFound;
    const conflicts = await this.pool.conflicts(manager, proposal.callId, principal.userId);
    if (conflicts.some((c) => c.proposalId === proposal.id)) throw notFound;
    return { proposal, stageNo: this.stageOf(proposal, askedStage) };
  }

  /**
   * A call's ranking reader: programme managers (every proposal, `regions` null) or officers of an
   * agency with a confirmed commitment in the call (the proposals with a partner of their regions).
   */
  async rankingReader(
    manager: Tx,
    principal: Principal,
    callId: string,
  ): Promise<{ call: CallRecord; regions: string[] | null }> {
    const call = await this.calls.find(manager, callId);
    if (!call) throw new NotFoundException(`Call ${callId} not found.`);
    if (this.isProgrammeManager(principal)) return { call, regions: null };
    const mine = agencyIdsOf(principal);
    const regions = (await this.calls.commitments(manager, callId))
      .filter((c) => c.status === 'CONFIRMED' && mine.includes(c.agencyId))
      .map((c) => c.regionCode);
    if (regions.length === 0) throw new NotFoundException(`Call ${callId} not found.`);
    return { call, regions: [...new Set(regions)].sort() };
  }
}
