import type { RuntimeProbeInput } from '@app/contracts';
import { RUNTIME_PROBE_WORKFLOW_TYPE } from '@app/contracts';

/**
 * The workflow runs whose histories are committed under `histories/` and replayed in CI. Add a
 * scenario for every new workflow (and every branch worth guarding) and re-record with
 * `npm run record:histories`; from the first release on, histories are only ever added.
 */
export interface ReplayScenario {
  name: string;
  workflowType: string;
  input: RuntimeProbeInput;
}

export const REPLAY_SCENARIOS: ReplayScenario[] = [
  {
    name: 'runtime-probe-immediate',
    workflowType: RUNTIME_PROBE_WORKFLOW_TYPE,
    input: { probeId: '00000000-0000-4000-8000-000000000001', requestedBy: 'replay recording' },
  },
  {
    name: 'runtime-probe-with-timer',
    workflowType: RUNTIME_PROBE_WORKFLOW_TYPE,
    input: { probeId: '00000000-0000-4000-8000-000000000002', requestedBy: 'replay recording', waitBefore: '2 seconds', activityWorkMs: 300 },
  },
];
