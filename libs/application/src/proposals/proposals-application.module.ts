import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { EligibilityContextLoader } from './eligibility-context.loader';
import { ProposalAccess } from './proposal-access';
import { RecordEligibilityUseCase } from './record-eligibility.use-case';
import { SubmitProposalUseCase } from './submit-proposal.use-case';

const USE_CASES = [SubmitProposalUseCase, RecordEligibilityUseCase];

/** Proposals: their submission (SPEC S1–S5) and the regional eligibility decisions on them (R1–R2). */
@Module({
  imports: [PersistenceModule],
  providers: [ProposalAccess, EligibilityContextLoader, ...USE_CASES],
  exports: [ProposalAccess, EligibilityContextLoader, ...USE_CASES],
})
export class ProposalsApplicationModule {}
