// The application layer: one use case per action (`execute`), called by the API's controllers and the
// worker's activities alike. Each feature folder brings its own Nest module; `ApplicationModule` gathers them.
export * from './application.module';
export * from './calls';
export * from './proposals';
export * from './redress';
export * from './workflow-updates/execute-update';
