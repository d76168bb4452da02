import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import {
  CloseSubmissionUseCase,
  EscalateMissingEligibilityUseCase,
  ExtendAgencyEligibilityUseCase,
} from '@app/application';
import type { EligibilityActivities } from '@app/contracts';

/**
 * The close at the submission deadline and the escalations of the regional eligibility check: each adapts
 * one use case (under the exclusive lock of the call row, idempotent), its refusals non-retryable.
 */
@Injectable()
export class EligibilityPhaseActivities implements EligibilityActivities {
  constructor(
    private readonly closeSubmissionUseCase: CloseSubmissionUseCase,
    private readonly escalateMissingEligibilityUseCase: EscalateMissingEligibilityUseCase,
    private readonly extendAgencyEligibilityUseCase: ExtendAgencyEligibilityUseCase,
  ) {}

  @Activity()
  closeSubmission(input: Parameters<EligibilityActivities['closeSubmission']>[0]) {
    return this.closeSubmissionUseCase.execute(input);
  }

  @Activity()
  escalateMissingEligibility(input: Parameters<EligibilityActivities['escalateMissingEligibility']>[0]) {
    return this.escalateMissingEligibilityUseCase.execute(input);
  }

  @Activity()
  extendAgencyEligibility(input: Parameters<EligibilityActivities['extendAgencyEligibility']>[0]) {
    return this.extendAgencyEligibilityUseCase.execute(input);
  }
}
