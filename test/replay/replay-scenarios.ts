/**
 * The workflow histories committed under `histories/` and replayed in CI. `npm run record:histories`
 * records every one of them on a fresh dev server; add a name here (and its recording in
 * `record-histories.ts`) for every new workflow or branch worth guarding. From the first release on,
 * histories are only ever added: a change of workflow code that breaks one needs `patched()`.
 */
export const REPLAY_HISTORY_NAMES = [
  'runtime-probe-immediate',
  'runtime-probe-with-timer',
  'call-lifecycle-1-alignment',
  'call-lifecycle-2-awaiting-opening',
  'call-lifecycle-3-open-cancelled',
  'proposal-lifecycle-signals',
  'assignment-job',
  'proposal-review-decline-accept-submit',
  'call-lifecycle-4-eligibility-to-evaluation',
  'call-lifecycle-5-evaluation-cancelled',
  'call-lifecycle-6-ranked-to-funding',
  'call-lifecycle-7-funding-decision',
  'call-lifecycle-8-decided',
  'project-lifecycle-scheduled',
  'project-lifecycle-decisions',
];
