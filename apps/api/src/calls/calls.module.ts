import { Module } from '@nestjs/common';
import { CallsApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal';
import { CallsController } from './calls.controller';
import { CommitmentsController } from './commitments.controller';
import { RankingFinalisationController } from './ranking-finalisation.controller';

/** Calls and commitments at the edge; their use cases, `CallAccess` and `CallWorkflowClient` re-exported. */
@Module({
  imports: [PersistenceModule, CallsApplicationModule, TemporalClientModule],
  controllers: [CallsController, CommitmentsController, RankingFinalisationController],
  exports: [CallsApplicationModule],
})
export class CallsModule {}
