import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { AddPoolEvaluatorUseCase } from './add-pool-evaluator.use-case';
import { AlertOverdueReviewUseCase } from './alert-overdue-review.use-case';
import { AnswerOfferUseCase } from './answer-offer.use-case';
import { AssignEvaluatorManuallyUseCase } from './assign-evaluator-manually.use-case';
import { DesignateRapporteurUseCase } from './designate-rapporteur.use-case';
import { EvaluationAccess } from './evaluation-access';
import { EvaluatorAccess } from './evaluator-access';
import { ExpireOfferUseCase } from './expire-offer.use-case';
import { FailAssignmentJobUseCase } from './fail-assignment-job.use-case';
import { LoadReviewScheduleUseCase } from './load-review-schedule.use-case';
import { OfferReviewUseCase } from './offer-review.use-case';
import { RecordConsensusUseCase } from './record-consensus.use-case';
import { RemindReviewerUseCase } from './remind-reviewer.use-case';
import { RemovePoolEvaluatorUseCase } from './remove-pool-evaluator.use-case';
import { ReplaceConflictsUseCase } from './replace-conflicts.use-case';
import { RequestAutoAssignmentUseCase } from './request-auto-assignment.use-case';
import { RunAutoAssignmentUseCase } from './run-auto-assignment.use-case';
import { SaveEvaluatorProfileUseCase } from './save-evaluator-profile.use-case';
import { SaveReviewDraftUseCase } from './save-review-draft.use-case';
import { SignDeclarationUseCase } from './sign-declaration.use-case';
import { SubmitReviewUseCase } from './submit-review.use-case';
import { TopUpOffersUseCase } from './top-up-offers.use-case';

const PROVIDERS = [
  EvaluatorAccess,
  EvaluationAccess,
  SaveEvaluatorProfileUseCase,
  AddPoolEvaluatorUseCase,
  RemovePoolEvaluatorUseCase,
  SignDeclarationUseCase,
  ReplaceConflictsUseCase,
  RequestAutoAssignmentUseCase,
  RunAutoAssignmentUseCase,
  FailAssignmentJobUseCase,
  AssignEvaluatorManuallyUseCase,
  OfferReviewUseCase,
  TopUpOffersUseCase,
  AnswerOfferUseCase,
  ExpireOfferUseCase,
  SaveReviewDraftUseCase,
  SubmitReviewUseCase,
  RemindReviewerUseCase,
  AlertOverdueReviewUseCase,
  LoadReviewScheduleUseCase,
  DesignateRapporteurUseCase,
  RecordConsensusUseCase,
];

/**
 * Evaluators, reviewer assignment, reviews and consensus (SPEC §5 V1–V7): the use cases the API's
 * evaluator, assignment and evaluation controllers and the worker's review and assignment-job activities call.
 */
@Module({
  imports: [PersistenceModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class ReviewApplicationModule {}
