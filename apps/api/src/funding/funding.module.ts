import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { CallsModule } from '../calls/calls.module';
import { FundingDecisionController } from './funding-decision.controller';

/** The funding decision (SPEC F1–F4): proposal, approvals, what-if. */
@Module({
  imports: [PersistenceModule, CallsModule],
  controllers: [FundingDecisionController],
})
export class FundingModule {}
