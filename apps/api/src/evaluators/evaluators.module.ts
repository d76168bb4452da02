import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { CallEvaluatorsController } from './call-evaluators.controller';
import { EvaluatorDeclarationsController } from './evaluator-declarations.controller';
import { EvaluatorProfilesController } from './evaluator-profiles.controller';

/** The evaluator pool: profiles, each call's evaluators, declarations and conflicts. */
@Module({
  imports: [PersistenceModule, ApplicationModule],
  controllers: [EvaluatorProfilesController, CallEvaluatorsController, EvaluatorDeclarationsController],
})
export class EvaluatorsModule {}
