/**
 * The runtime probe: the platform's own self-test. One workflow, one activity that writes a row to
 * PostgreSQL. `npm start` runs it once after boot to prove that API, worker, workflow bundle, Temporal
 * and PostgreSQL work together; the runtime's integration tests run it on every server kind.
 */
import type { Duration } from '@temporalio/common';

export const RUNTIME_PROBE_WORKFLOW_TYPE = 'runtimeProbeWorkflow';

export interface RuntimeProbeInput {
  /** Business id of the probe (uuid); the workflow id and the row key derive from it. */
  probeId: string;
  /** Who asked (free text, e.g. `npm start`, a test name). */
  requestedBy: string;
  /** Optional durable wait before the activity runs (Temporal duration string, e.g. `30 days`). */
  waitBefore?: Duration;
  /** Optional time the activity spends working before it writes (exercises draining on shutdown). */
  activityWorkMs?: number;
}

export interface RuntimeProbeResult {
  probeId: string;
  /** Server time of the database transaction that recorded the probe (ISO-8601). */
  recordedAt: string;
  /** Workflow time at which the activity was scheduled (ISO-8601). */
  workflowTimeAtActivity: string;
  /** Whether the row already existed (an activity retry or a replayed start). */
  alreadyRecorded: boolean;
}

export interface RecordRuntimeProbeInput {
  probeId: string;
  requestedBy: string;
  workflowId: string;
  workflowTime: string;
  workMs?: number;
}

export interface RecordRuntimeProbeResult {
  recordedAt: string;
  alreadyRecorded: boolean;
}

/** Activity interface implemented by the worker; workflows only `import type` it. */
export interface RuntimeProbeActivities {
  recordRuntimeProbe(input: RecordRuntimeProbeInput): Promise<RecordRuntimeProbeResult>;
}
