import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal';
import { CallAccess } from './call-access';
import {
  AnswerCommitmentRequestUseCase,
  ProposeCommitmentTermsUseCase,
  RequestAgencyEligibilityExtensionUseCase,
  RequestCallCancellationUseCase,
  RequestDeadlineExtensionUseCase,
  StartAlignmentUseCase,
} from './call-requests.use-case';
import { CallWorkflowClient } from './call-workflow.client';
import { AnswerCommitmentUseCase } from './answer-commitment.use-case';
import { BeginAlignmentUseCase } from './begin-alignment.use-case';
import { CallOfficerNotifier } from './call-officer-notifier';
import { AdvanceCallEndUseCase, ReadCallEndFactsUseCase } from './call-end.use-case';
import { CancelCallUseCase } from './cancel-call.use-case';
import { CloseSubmissionUseCase } from './close-submission.use-case';
import { CancelDraftCallUseCase, CreateCallUseCase, EditCallUseCase } from './configure-call.use-case';
import { ConcludeAlignmentUseCase } from './conclude-alignment.use-case';
import { EscalateMissingEligibilityUseCase } from './escalate-missing-eligibility.use-case';
import { EscalateProposalEligibilityUseCase } from './escalate-proposal-eligibility.use-case';
import { ExtendAgencyEligibilityUseCase } from './extend-agency-eligibility.use-case';
import { ExtendDeadlineUseCase } from './extend-deadline.use-case';
import { OpenCallUseCase } from './open-call.use-case';
import { SaveCommitmentTermsUseCase } from './save-commitment-terms.use-case';
import { StartEvaluationUseCase } from './start-evaluation.use-case';

const USE_CASES = [
  ReadCallEndFactsUseCase,
  AdvanceCallEndUseCase,
  StartAlignmentUseCase,
  RequestDeadlineExtensionUseCase,
  RequestCallCancellationUseCase,
  RequestAgencyEligibilityExtensionUseCase,
  ProposeCommitmentTermsUseCase,
  AnswerCommitmentRequestUseCase,
  CreateCallUseCase,
  EditCallUseCase,
  CancelDraftCallUseCase,
  BeginAlignmentUseCase,
  SaveCommitmentTermsUseCase,
  AnswerCommitmentUseCase,
  ConcludeAlignmentUseCase,
  OpenCallUseCase,
  ExtendDeadlineUseCase,
  CancelCallUseCase,
  StartEvaluationUseCase,
  CloseSubmissionUseCase,
  EscalateMissingEligibilityUseCase,
  EscalateProposalEligibilityUseCase,
  ExtendAgencyEligibilityUseCase,
];

/** The call's lifecycle and its commitments (SPEC §4, A1–A2), and the eligibility phase it opens (R1–R2). */
@Module({
  imports: [PersistenceModule, TemporalClientModule],
  providers: [CallOfficerNotifier, CallAccess, CallWorkflowClient, ...USE_CASES],
  exports: [CallAccess, CallWorkflowClient, ...USE_CASES],
})
export class CallsApplicationModule {}
