export * from './task-queues';
export * from './workflow-ids';
export * from './runtime-probe.contract';
export * from './call-lifecycle.contract';
export * from './proposal-lifecycle.contract';
export * from './review-lifecycle.contract';
export * from './funding-decision.contract';
export * from './project-lifecycle.contract';
