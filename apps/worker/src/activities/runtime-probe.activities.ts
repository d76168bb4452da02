import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import { Context, log } from '@temporalio/activity';
import type { RecordRuntimeProbeInput, RecordRuntimeProbeResult, RuntimeProbeActivities } from '@app/contracts';
import { RecordRuntimeProbeUseCase } from '@app/application';

/** Activities of the runtime probe, as a Nest provider built from injected services. */
@Injectable()
export class RuntimeProbeActivitiesService implements RuntimeProbeActivities {
  constructor(private readonly recordProbe: RecordRuntimeProbeUseCase) {}

  @Activity()
  async recordRuntimeProbe(input: RecordRuntimeProbeInput): Promise<RecordRuntimeProbeResult> {
    const ctx = Context.current();
    if (input.workMs !== undefined && input.workMs > 0) {
      log.info('Runtime probe activity working', { workMs: input.workMs });
      const until = Date.now() + input.workMs;
      while (Date.now() < until) {
        ctx.heartbeat();
        // Not cancellable on purpose: a draining worker lets in-flight work finish (shutdownGraceTime).
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, until - Date.now())));
      }
    }
    const recorded = await this.recordProbe.execute({
      probeId: input.probeId,
      requestedBy: input.requestedBy,
      workflowId: input.workflowId,
      workflowTime: new Date(input.workflowTime),
    });
    return { recordedAt: recorded.recordedAt.toISOString(), alreadyRecorded: recorded.alreadyRecorded };
  }
}
