export * from './proposals-application.module';
export * from './proposal-access';
export * from './eligibility-context.loader';
export * from './submit-proposal.use-case';
export * from './record-eligibility.use-case';
