export * from './entities';
export * from './data-source-options';
export * from './repositories/runtime-probe.repository';
export * from './persistence.module';
