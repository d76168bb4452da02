import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { AttachFileUseCase } from './attach-file.use-case';
import { EligibilityContextLoader } from './eligibility-context.loader';
import { GiveRegionalAnnexUseCase } from './give-regional-annex.use-case';
import { ProposalAccess } from './proposal-access';
import {
  AcceptPartnerInvitationUseCase,
  EditDraftUseCase,
  PutPartnerUseCase,
  StartProposalUseCase,
} from './proposal-drafts.use-case';
import { CallAccess } from '../calls/call-access';
import { ReadProposalTimerFactsUseCase } from './read-proposal-timer-facts.use-case';
import { RecordEligibilityUseCase } from './record-eligibility.use-case';
import { SubmitProposalUseCase } from './submit-proposal.use-case';
import { WithdrawProposalUseCase } from './withdraw-proposal.use-case';

const USE_CASES = [
  WithdrawProposalUseCase,
  StartProposalUseCase,
  EditDraftUseCase,
  PutPartnerUseCase,
  AcceptPartnerInvitationUseCase,
  SubmitProposalUseCase,
  RecordEligibilityUseCase,
  AttachFileUseCase,
  GiveRegionalAnnexUseCase,
  ReadProposalTimerFactsUseCase,
];

/** Proposals: their submission (SPEC S1–S5) and the regional eligibility decisions on them (R1–R2). */
@Module({
  imports: [PersistenceModule],
  providers: [ProposalAccess, CallAccess, EligibilityContextLoader, ...USE_CASES],
  exports: [ProposalAccess, EligibilityContextLoader, ...USE_CASES],
})
export class ProposalsApplicationModule {}
