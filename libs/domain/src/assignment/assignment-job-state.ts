import { defineStateMachine } from '../state-machine';

export type AssignmentJobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/**
 * A long job (`GET /jobs/{id}`): queued, running (again, when its activity is retried), then succeeded
 * or failed. A job may fail before it ever ran (its workflow gave up); a finished job stays finished.
 */
export const assignmentJobStateMachine = defineStateMachine<AssignmentJobStatus>('job', {
  QUEUED: ['RUNNING', 'FAILED'],
  RUNNING: ['RUNNING', 'SUCCEEDED', 'FAILED'],
  SUCCEEDED: [],
  FAILED: [],
});
