import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import {
  AnswerCommitmentUseCase,
  BeginAlignmentUseCase,
  CancelCallUseCase,
  ConcludeAlignmentUseCase,
  ExtendDeadlineUseCase,
  OpenCallUseCase,
  SaveCommitmentTermsUseCase,
  StartEvaluationUseCase,
} from '@app/application';
import type { ActorRef, CallActivities } from '@app/contracts';

export { callWorkflowState } from '@app/application';

/**
 * The call lifecycle's activities (SPEC §6): each adapts one use case, whose domain refusals become
 * non-retryable failures. Every use case writes its transition in one transaction with its audit event and
 * notifications, idempotent under the workflow's update id or the transition's business key, so a retried
 * activity (a worker killed mid-way) writes nothing twice.
 */
@Injectable()
export class CallLifecycleActivities implements Omit<CallActivities, 'finaliseRanking'> {
  constructor(
    private readonly beginAlignmentUseCase: BeginAlignmentUseCase,
    private readonly saveCommitmentTermsUseCase: SaveCommitmentTermsUseCase,
    private readonly answerCommitmentUseCase: AnswerCommitmentUseCase,
    private readonly concludeAlignmentUseCase: ConcludeAlignmentUseCase,
    private readonly openCallUseCase: OpenCallUseCase,
    private readonly extendDeadlineUseCase: ExtendDeadlineUseCase,
    private readonly cancelCallUseCase: CancelCallUseCase,
    private readonly startEvaluationUseCase: StartEvaluationUseCase,
  ) {}

  @Activity()
  beginAlignment(input: Parameters<CallActivities['beginAlignment']>[0]) {
    return this.beginAlignmentUseCase.execute(input);
  }

  @Activity()
  saveCommitmentTerms(input: Parameters<CallActivities['saveCommitmentTerms']>[0]) {
    return this.saveCommitmentTermsUseCase.execute(input);
  }

  @Activity()
  answerCommitment(input: Parameters<CallActivities['answerCommitment']>[0]) {
    return this.answerCommitmentUseCase.execute(input);
  }

  @Activity()
  concludeAlignment(input: Parameters<CallActivities['concludeAlignment']>[0]) {
    return this.concludeAlignmentUseCase.execute(input);
  }

  @Activity()
  openCall(input: Parameters<CallActivities['openCall']>[0]) {
    return this.openCallUseCase.execute(input);
  }

  @Activity()
  extendDeadline(input: {
    callId: string;
    request: {
      field: 'alignmentDeadline' | 'opensAt' | 'submissionDeadline';
      newDeadline: string;
      reason: string;
      actor: ActorRef;
    };
    updateId: string;
  }) {
    return this.extendDeadlineUseCase.execute(input);
  }

  @Activity()
  cancelCall(input: Parameters<CallActivities['cancelCall']>[0]) {
    return this.cancelCallUseCase.execute(input);
  }

  /** ELIGIBILITY_CHECK → IN_EVALUATION (SPEC §4), when the programme manager first assigns evaluators. */
  @Activity()
  startEvaluation(input: Parameters<CallActivities['startEvaluation']>[0]) {
    return this.startEvaluationUseCase.execute(input);
  }
}
