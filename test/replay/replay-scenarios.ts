/**
 * The workflow histories committed under `histories/` and replayed in CI. `npm run record:histories`
 * records every one of them on a fresh dev server; add a name here (and its recording in
 * `record-histories.ts`) for every new workflow or branch worth guarding. From the first release on,
 * histories are only ever added: a change of workflow code that breaks one needs `patched()`.
 */
/**
 * Histories recorded by earlier code and kept verbatim: `npm run record:histories` does not re-record them.
 * `call-lifecycle-8-decided` is a DECIDED run from before the promotion-approval patch (it guards the
 * unpatched path of `runDecidedPhase`); `call-lifecycle-9-decided-promotion-before-renewal` is a promotion in
 * DECIDED from before the phase renewed its history (continue-as-new); `call-lifecycle-9-decided-promotion`
 * guards the current path. The three `…-before-proposal-timers`/`…-before-timers` histories are the proposal
 * workflow that only listened and the call's eligibility and evaluation phases that escalated missing regional
 * decisions themselves, from before the proposal's workflow kept its own timers.
 * `call-lifecycle-9-decided-promotion-before-call-end` is the promotion in DECIDED from before the call had an end
 * (MONITORING, CLOSED): it guards the path without the call-end patch.
 * `call-lifecycle-10-decided-to-monitoring-before-redress-window` is the DECIDED run from before an open redress window
 * held the call there (it looked once a day only): it guards the path without the redress-window patch.
 */
export const LEGACY_REPLAY_HISTORY_NAMES = [
  'call-lifecycle-8-decided',
  'call-lifecycle-9-decided-promotion-before-renewal',
  'proposal-lifecycle-signals-before-timers',
  'call-lifecycle-4-eligibility-to-evaluation-before-proposal-timers',
  'call-lifecycle-5-evaluation-cancelled-before-proposal-timers',
  'call-lifecycle-9-decided-promotion-before-call-end',
  'call-lifecycle-10-decided-to-monitoring-before-redress-window',
];

export const REPLAY_HISTORY_NAMES = [
  'runtime-probe-immediate',
  'runtime-probe-with-timer',
  'call-lifecycle-1-alignment',
  'call-lifecycle-2-awaiting-opening',
  'call-lifecycle-3-open-cancelled',
  'proposal-lifecycle-signals',
  'proposal-lifecycle-signals-before-timers',
  'proposal-lifecycle-timers',
  'assignment-job',
  'proposal-review-decline-accept-submit',
  'call-lifecycle-4-eligibility-to-evaluation',
  'call-lifecycle-5-evaluation-cancelled',
  'call-lifecycle-4-eligibility-to-evaluation-before-proposal-timers',
  'call-lifecycle-5-evaluation-cancelled-before-proposal-timers',
  'call-lifecycle-6-ranked-to-funding',
  'call-lifecycle-7-funding-decision',
  'call-lifecycle-8-decided',
  'call-lifecycle-9-decided-promotion',
  'call-lifecycle-9-decided-promotion-before-renewal',
  'call-lifecycle-9-decided-promotion-before-call-end',
  'call-lifecycle-10-decided-to-monitoring',
  'call-lifecycle-10-decided-to-monitoring-before-redress-window',
  'call-lifecycle-11-monitoring-closed',
  'project-lifecycle-scheduled',
  'project-lifecycle-decisions',
];
