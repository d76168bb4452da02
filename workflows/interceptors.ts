import type {
  Next,
  UpdateInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { toApplicationFailure } from '@app/contracts';
import { DomainError } from '@app/domain';

const encoded = (error: unknown): unknown => (error instanceof DomainError ? toApplicationFailure(error) : error);

/**
 * Update validators and handlers refuse with the domain's `DomainError`; this turns it into the typed,
 * non-retryable failure the API decodes (any other error thrown by a handler would fail the workflow task
 * and retry for ever). Registered on every worker and bundle by `@app/temporal`'s worker options.
 */
class DomainRefusals implements WorkflowInboundCallsInterceptor {
  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    try {
      next(input);
    } catch (error) {
      throw encoded(error);
    }
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return next(input).catch((error: unknown) => {
      throw encoded(error);
    });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new DomainRefusals()] });
