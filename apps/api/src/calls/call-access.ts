export { CallAccess, PUBLIC_CALL_STATES } from '@app/application';
