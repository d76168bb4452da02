import { Injectable } from '@nestjs/common';
import type { CallActivities, EligibilityActivities, RuntimeProbeActivities } from '@app/contracts';
import { CallLifecycleActivities } from './call-lifecycle.activities';
import { EligibilityPhaseActivities } from './eligibility-phase.activities';
import { RuntimeProbeActivitiesService } from './runtime-probe.activities';

type ActivityFunctions = RuntimeProbeActivities & CallActivities & EligibilityActivities;

/** Collects every activity provider into the object the Temporal worker registers. */
@Injectable()
export class ActivitiesRegistry {
  constructor(
    private readonly runtimeProbe: RuntimeProbeActivitiesService,
    private readonly calls: CallLifecycleActivities,
    private readonly eligibility: EligibilityPhaseActivities,
  ) {}

  activities(): ActivityFunctions {
    return {
      recordRuntimeProbe: this.runtimeProbe.recordRuntimeProbe.bind(this.runtimeProbe),
      beginAlignment: this.calls.beginAlignment.bind(this.calls),
      saveCommitmentTerms: this.calls.saveCommitmentTerms.bind(this.calls),
      answerCommitment: this.calls.answerCommitment.bind(this.calls),
      concludeAlignment: this.calls.concludeAlignment.bind(this.calls),
      openCall: this.calls.openCall.bind(this.calls),
      extendDeadline: this.calls.extendDeadline.bind(this.calls),
      cancelCall: this.calls.cancelCall.bind(this.calls),
      closeSubmission: this.eligibility.closeSubmission.bind(this.eligibility),
      escalateMissingEligibility: this.eligibility.escalateMissingEligibility.bind(this.eligibility),
      extendAgencyEligibility: this.eligibility.extendAgencyEligibility.bind(this.eligibility),
    };
  }
}
