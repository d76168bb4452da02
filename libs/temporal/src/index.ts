export * from './workflow-bundler-options';
export * from './temporal-client.module';
export * from './worker-runtime';
export * from './worker-interceptors';
export * from './activity-registry';
