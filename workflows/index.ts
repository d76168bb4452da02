/**
 * The one entry file of the workflow bundle: every workflow type is exported from here.
 * Only deterministic code may be imported (lint-enforced): `@temporalio/workflow`, `@app/contracts`,
 * `@app/domain` and files of this folder.
 */
export { runtimeProbeWorkflow } from './runtime-probe.workflow';
export { callLifecycleWorkflow } from './call/call-lifecycle.workflow';
export { proposalLifecycleWorkflow } from './proposal/proposal-lifecycle.workflow';
export { proposalReviewWorkflow } from './review/proposal-review.workflow';
export { assignmentJobWorkflow } from './review/assignment-job.workflow';
export { projectLifecycleWorkflow } from './project/project-lifecycle.workflow';
