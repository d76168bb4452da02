export { applicationFailureOf, executeUpdateWithRetry, toDomainError } from '@app/application';
