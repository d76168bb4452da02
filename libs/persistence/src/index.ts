export * from './entities';
export * from './data-source-options';
export * from './repositories/runtime-probe.repository';
export * from './persistence.module';
export * from './writers/outbox.writer';
export * from './writers/audit.writer';
export * from './repositories/outbox.repository';
