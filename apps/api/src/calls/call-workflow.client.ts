export { CallWorkflowClient } from '@app/application';
