export { applicationFailureOf, executeUpdateWithRetry } from '@app/application';
