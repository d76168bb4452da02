export * from './config-error';
export * from './validate-environment';
export * from './app-config';
export * from './runtime-config';
export * from './app-config.module';
