import { Injectable } from '@nestjs/common';
import { ProposalRepository, UnitOfWork } from '@app/persistence';
import { EscalateMissingEligibilityUseCase } from './escalate-missing-eligibility.use-case';

/**
 * SPEC R2 from the proposal's own timer: its regional decisions are due at `at`. The escalation covers every
 * decision of the proposal's call due by then — the programme managers get one message per call and deadline,
 * not one per proposal; the other proposals' timers at the same instant then find nothing left to escalate.
 */
@Injectable()
export class EscalateProposalEligibilityUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: ProposalRepository,
    private readonly escalateMissing: EscalateMissingEligibilityUseCase,
  ) {}

  async execute(input: { proposalId: string; at: string }): Promise<{ escalated: number }> {
    const proposal = await this.uow.read((tx) => this.proposals.find(tx, input.proposalId));
    if (!proposal) return { escalated: 0 };
    return this.escalateMissing.execute({ callId: proposal.callId, at: input.at });
  }
}
