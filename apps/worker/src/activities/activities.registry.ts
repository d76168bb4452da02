import { Injectable } from '@nestjs/common';
import type { RuntimeProbeActivities } from '@app/contracts';
import { RuntimeProbeActivitiesService } from './runtime-probe.activities';

type ActivityFunctions = RuntimeProbeActivities;

/** Collects every activity provider into the object the Temporal worker registers. */
@Injectable()
export class ActivitiesRegistry {
  constructor(private readonly runtimeProbe: RuntimeProbeActivitiesService) {}

  activities(): ActivityFunctions {
    return {
      recordRuntimeProbe: this.runtimeProbe.recordRuntimeProbe.bind(this.runtimeProbe),
    };
  }
}
