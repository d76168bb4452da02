import { Injectable } from '@nestjs/common';
import type { ProposalTimerFacts } from '@app/domain';
import { ProposalTimerFactsReadModel, UnitOfWork } from '@app/persistence';

/** What the proposal's workflow decides its timers on (SPEC R2, V9), read afresh whenever the proposal changed. */
@Injectable()
export class ReadProposalTimerFactsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly facts: ProposalTimerFactsReadModel,
  ) {}

  execute(input: { proposalId: string }): Promise<ProposalTimerFacts> {
    return this.uow.read((tx) => this.facts.load(tx, input.proposalId));
  }
}
