// The evaluation boundary lives in the application layer, beside the use cases that check it.
export { EvaluationAccess } from '@app/application';
