import { Module } from '@nestjs/common';
import { CallsApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal';
import { CallAccess } from './call-access';
import { CallWorkflowClient } from './call-workflow.client';
import { CallsController } from './calls.controller';
import { CommitmentsController } from './commitments.controller';
import { RankingFinalisationController } from './ranking-finalisation.controller';

@Module({
  imports: [PersistenceModule, CallsApplicationModule, TemporalClientModule],
  controllers: [CallsController, CommitmentsController, RankingFinalisationController],
  providers: [CallAccess, CallWorkflowClient],
  exports: [CallAccess, CallWorkflowClient],
})
export class CallsModule {}
