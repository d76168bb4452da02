import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { ProjectsApplicationModule } from '../projects/projects-application.module';
import { AnswerFundingDecisionUseCase } from './answer-funding-decision.use-case';
import { CloseReserveListUseCase } from './close-reserve-list.use-case';
import { EscalateSilentAgenciesUseCase } from './escalate-silent-agencies.use-case';
import { FinaliseRankingUseCase } from './finalise-ranking.use-case';
import { ProposeFundingDecisionUseCase } from './propose-funding-decision.use-case';
import { ReadProposalOutcomeUseCase } from './read-proposal-outcome.use-case';
import { WithdrawGrantUseCase } from './withdraw-grant.use-case';

const USE_CASES = [
  FinaliseRankingUseCase,
  ProposeFundingDecisionUseCase,
  AnswerFundingDecisionUseCase,
  EscalateSilentAgenciesUseCase,
  CloseReserveListUseCase,
  WithdrawGrantUseCase,
  ReadProposalOutcomeUseCase,
];

/** The ranking's finalisation, the funding decision (F1–F5) and grants. */
@Module({
  imports: [PersistenceModule, ProjectsApplicationModule],
  providers: USE_CASES,
  exports: USE_CASES,
})
export class FundingApplicationModule {}
