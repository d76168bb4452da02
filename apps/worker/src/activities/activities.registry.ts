import { Injectable } from '@nestjs/common';
import type { CallActivities, RuntimeProbeActivities } from '@app/contracts';
import { CallLifecycleActivities } from './call-lifecycle.activities';
import { RuntimeProbeActivitiesService } from './runtime-probe.activities';

type ActivityFunctions = RuntimeProbeActivities & CallActivities;

/** Collects every activity provider into the object the Temporal worker registers. */
@Injectable()
export class ActivitiesRegistry {
  constructor(
    private readonly runtimeProbe: RuntimeProbeActivitiesService,
    private readonly calls: CallLifecycleActivities,
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
    };
  }
}
