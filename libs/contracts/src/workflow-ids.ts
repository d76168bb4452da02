/**
 * Workflow ids are business keys (STYLE convention 1). Every id is built here and nowhere else, so
 * that a retried start hits the same id and Temporal refuses the duplicate.
 */
export const WorkflowIds = {
  runtimeProbe: (probeId: string): string => `runtime-probe-${probeId}`,
  call: (callId: string): string => `call-${callId}`,
  proposal: (proposalId: string): string => `proposal-${proposalId}`,
  proposalReview: (proposalId: string, stageNo: number): string => `review-${proposalId}-s${stageNo}`,
  assignmentJob: (jobId: string): string => `assignment-job-${jobId}`,
  project: (projectId: string): string => `project-${projectId}`,
} as const;
