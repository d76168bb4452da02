import { Injectable } from '@nestjs/common';
import { RuntimeProbeRepository, type RecordedProbe } from '@app/persistence';

/** Records a runtime probe once per probe id (a retried activity records nothing twice). */
@Injectable()
export class RecordRuntimeProbeUseCase {
  constructor(private readonly probes: RuntimeProbeRepository) {}

  execute(input: {
    probeId: string;
    requestedBy: string;
    workflowId: string;
    workflowTime: Date;
  }): Promise<RecordedProbe> {
    return this.probes.record(input);
  }
}
