import { setHandler, type defineUpdate } from '@temporalio/workflow';
import type { CallContext } from './call-context';

/** `@temporalio/workflow` does not export the definition's type; its factory's return type is it. */
type Update<Ret, Args extends unknown[]> = ReturnType<typeof defineUpdate<Ret, Args>>;
type ArgsOf<D> = D extends Update<infer _R, infer A> ? A : never;
type ResultOf<D> = D extends Update<infer R, infer _A> ? R : never;

/**
 * Registers a human action as an update whose effect runs one at a time (`ctx.serial`) once the call's
 * context is ready. `guard` is the synchronous validator and is asked again inside the turn, since a phase
 * may end while an update waits; `validator` replaces it before the turn when that must refuse more.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any update definition, as setHandler accepts
export function serialisedUpdate<D extends Update<any, any[]>>(
  ctx: CallContext,
  ready: () => Promise<void>,
  definition: D,
  action: {
    guard: (...args: ArgsOf<D>) => void;
    effect: (...args: ArgsOf<D>) => Promise<ResultOf<D>>;
    validator?: (...args: ArgsOf<D>) => void;
  },
): void {
  const update = definition as unknown as Update<ResultOf<D>, ArgsOf<D>>;
  setHandler(
    update,
    async (...args: ArgsOf<D>) => {
      await ready();
      return ctx.serial(async () => {
        action.guard(...args);
        return action.effect(...args);
      });
    },
    { validator: action.validator ?? action.guard },
  );
}
