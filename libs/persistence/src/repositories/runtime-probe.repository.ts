import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A row of `runtime_probe`. */
export interface RuntimeProbeRow {
  probe_id: string;
  requested_by: string;
  workflow_id: string;
  workflow_time: Date;
  recorded_at: Date;
}

export interface RecordedProbe {
  recordedAt: Date;
  alreadyRecorded: boolean;
}

/** Writes runtime probes; idempotent under the probe id (an activity retry writes nothing twice). */
@Injectable()
export class RuntimeProbeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(probe: {
    probeId: string;
    requestedBy: string;
    workflowId: string;
    workflowTime: Date;
  }): Promise<RecordedProbe> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: Array<Pick<RuntimeProbeRow, 'recorded_at'>> = await manager.query(
        `INSERT INTO runtime_probe (probe_id, requested_by, workflow_id, workflow_time, recorded_at)
         VALUES ($1, $2, $3, $4, clock_timestamp())
         ON CONFLICT (probe_id) DO NOTHING
         RETURNING recorded_at`,
        [probe.probeId, probe.requestedBy, probe.workflowId, probe.workflowTime],
      );
      if (inserted.length === 1) return { recordedAt: inserted[0].recorded_at, alreadyRecorded: false };
      const existing: Array<Pick<RuntimeProbeRow, 'recorded_at'>> = await manager.query(
        'SELECT recorded_at FROM runtime_probe WHERE probe_id = $1',
        [probe.probeId],
      );
      return { recordedAt: existing[0].recorded_at, alreadyRecorded: true };
    });
  }

  async find(
    probeId: string,
  ): Promise<{ probeId: string; requestedBy: string; workflowId: string; recordedAt: Date } | null> {
    const rows: Array<Omit<RuntimeProbeRow, 'workflow_time'>> = await this.dataSource.query(
      'SELECT probe_id, requested_by, workflow_id, recorded_at FROM runtime_probe WHERE probe_id = $1',
      [probeId],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      probeId: row.probe_id,
      requestedBy: row.requested_by,
      workflowId: row.workflow_id,
      recordedAt: row.recorded_at,
    };
  }
}
