/** Task queues the worker polls. One queue today; split by workload when a phase needs it. */
export const TaskQueues = {
  main: 'acie-main',
} as const;

export type TaskQueue = (typeof TaskQueues)[keyof typeof TaskQueues];
