import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { CallEvaluatorsController } from './call-evaluators.controller';
import { EvaluatorAccess } from './evaluator-access';
import { EvaluatorDeclarationsController } from './evaluator-declarations.controller';
import { EvaluatorProfilesController } from './evaluator-profiles.controller';

/** The evaluator pool (issue 7, part 1): profiles, each call's evaluators, declarations and conflicts. */
@Module({
  imports: [PersistenceModule],
  controllers: [EvaluatorProfilesController, CallEvaluatorsController, EvaluatorDeclarationsController],
  providers: [EvaluatorAccess],
  exports: [EvaluatorAccess],
})
export class EvaluatorsModule {}
