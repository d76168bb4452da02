export * from './funding-application.module';
export * from './finalise-ranking.use-case';
export * from './propose-funding-decision.use-case';
export * from './answer-funding-decision.use-case';
export * from './escalate-silent-agencies.use-case';
export * from './close-reserve-list.use-case';
export * from './withdraw-grant.use-case';
export * from './read-proposal-outcome.use-case';
