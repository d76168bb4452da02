import { Injectable } from '@nestjs/common';
import type { ProposalState, ProposalTimerFacts } from '@app/domain';
import type { Tx } from '../unit-of-work';
import { RedressRepository } from '../repositories/redress.repository';

/** What the proposal's own workflow decides its timers on (`nextProposalTimerStep` of `@app/domain`). */
@Injectable()
export class ProposalTimerFactsReadModel {
  constructor(private readonly redress: RedressRepository) {}

  async load(tx: Tx, proposalId: string): Promise<ProposalTimerFacts> {
    const [row]: Array<{
      state: ProposalState;
      stage_no: number;
      call_state: string;
      current_stage: number;
      due_at: Date[] | null;
      redress_status: string | null;
    }> = await tx.query(
      `SELECT p.state, p.stage_no, c.state AS call_state, c.current_stage,
              (SELECT array_agg(DISTINCT date_trunc('milliseconds', d.due_at)) FROM eligibility_decision d
                WHERE d.proposal_id = p.id AND d.decision = 'PENDING' AND d.escalated_at IS NULL) AS due_at,
              (SELECT r.status FROM redress_request r WHERE r.proposal_id = p.id AND r.stage_no = p.stage_no)
                AS redress_status
         FROM proposal p JOIN joint_call c ON c.id = p.call_id
        WHERE p.id = $1`,
      [proposalId],
    );
    if (!row)
      return {
        state: null,
        eligibilityDueAt: [],
        resultIssuedAt: null,
        redress: 'NONE',
        submissionsClosed: true,
        stageOver: true,
        callEnded: true,
      };
    const resultIssuedAt = await this.redress.resultIssuedAt(tx, proposalId, row.stage_no);
    const stageOver = row.current_stage > row.stage_no;
    return {
      state: row.state,
      eligibilityDueAt: (row.due_at ?? []).map((d) => new Date(d).toISOString()),
      resultIssuedAt: resultIssuedAt?.toISOString() ?? null,
      redress: row.redress_status === null ? 'NONE' : row.redress_status === 'FILED' ? 'FILED' : 'DECIDED',
      submissionsClosed: stageOver || !['DRAFT', 'FUND_ALIGNMENT', 'OPEN'].includes(row.call_state),
      stageOver,
      callEnded: ['CANCELLED', 'CLOSED'].includes(row.call_state),
    };
  }
}
