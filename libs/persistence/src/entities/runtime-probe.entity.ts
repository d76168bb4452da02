import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per runtime probe (see `RuntimeProbeInput`): proof that a workflow's activity reached PostgreSQL. */
@Entity({ name: 'runtime_probe' })
export class RuntimeProbeEntity {
  @PrimaryColumn({ name: 'probe_id', type: 'uuid' })
  probeId!: string;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'workflow_time', type: 'timestamptz' })
  workflowTime!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
