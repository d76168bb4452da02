import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { CallsModule } from '../calls/calls.module';
import { EligibilityContextLoader } from './eligibility-context.loader';
import { AttachmentsController } from './attachments.controller';
import { EligibilityController } from './eligibility.controller';
import { RecordEligibilityUseCase } from './record-eligibility.use-case';
import { RegionalAnnexController } from './regional-annex.controller';
import { ProposalAccess } from './proposal-access';
import { ProposalsController } from './proposals.controller';
import { SubmissionsController } from './submissions.controller';
import { SubmitProposalUseCase } from './submit-proposal.use-case';

@Module({
  imports: [PersistenceModule, CallsModule],
  controllers: [
    ProposalsController,
    SubmissionsController,
    EligibilityController,
    AttachmentsController,
    RegionalAnnexController,
  ],
  providers: [ProposalAccess, EligibilityContextLoader, SubmitProposalUseCase, RecordEligibilityUseCase],
})
export class ProposalsModule {}
