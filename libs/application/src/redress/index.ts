export * from './redress-application.module';
export * from './redress-reopening';
export * from './redress-decision.hook';
export * from './file-redress.use-case';
export * from './decide-redress.use-case';
