import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import { EscalateProposalEligibilityUseCase, ReadProposalTimerFactsUseCase } from '@app/application';
import type { ProposalActivities } from '@app/contracts';

/** The proposal workflow's timers: the facts it decides on, and the escalation of its missing regional decisions. */
@Injectable()
export class ProposalLifecycleActivities implements ProposalActivities {
  constructor(
    private readonly readProposalTimerFactsUseCase: ReadProposalTimerFactsUseCase,
    private readonly escalateProposalEligibilityUseCase: EscalateProposalEligibilityUseCase,
  ) {}

  @Activity()
  proposalTimerFacts(input: Parameters<ProposalActivities['proposalTimerFacts']>[0]) {
    return this.readProposalTimerFactsUseCase.execute(input);
  }

  @Activity()
  escalateProposalEligibility(input: Parameters<ProposalActivities['escalateProposalEligibility']>[0]) {
    return this.escalateProposalEligibilityUseCase.execute(input);
  }
}
