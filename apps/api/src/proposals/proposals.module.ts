import { Module } from '@nestjs/common';
import { ProposalsApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { CallsModule } from '../calls/calls.module';
import { AttachmentsController } from './attachments.controller';
import { EligibilityController } from './eligibility.controller';
import { RegionalAnnexController } from './regional-annex.controller';
import { ProposalsController } from './proposals.controller';
import { SubmissionsController } from './submissions.controller';

@Module({
  imports: [PersistenceModule, ProposalsApplicationModule, CallsModule],
  controllers: [
    ProposalsController,
    SubmissionsController,
    EligibilityController,
    AttachmentsController,
    RegionalAnnexController,
  ],
})
export class ProposalsModule {}
