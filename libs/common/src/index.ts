export * from './problem/problem-details';
export * from './problem/validation-problem';
export * from './problem/problem-details.filter';
export * from './logging/request-id';
export * from './logging/logging.module';
export * from './lifecycle/close-on-signals';
export * from './clock/clock';
