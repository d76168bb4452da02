import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { CallsModule } from '../calls/calls.module';
import { FundingDecisionController } from './funding-decision.controller';
import { ProposalOutcomeController } from './proposal-outcome.controller';
import { GrantsController } from './grants.controller';
import { ReserveListController } from './reserve-list.controller';

/**
 * The funding decision (SPEC F1–F5): proposal, approvals, what-if, promotions from the reserve list; exports and the
 * applicants' own outcome.
 */
@Module({
  imports: [PersistenceModule, ApplicationModule, CallsModule],
  controllers: [FundingDecisionController, ReserveListController, GrantsController, ProposalOutcomeController],
})
export class FundingModule {}
