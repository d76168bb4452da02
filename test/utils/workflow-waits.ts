import type { WorkflowHandle } from '@temporalio/client';
import { expectEventually } from './expect-eventually';

/**
 * Waits until the workflow has armed a timer. The time-skipping server jumps at once on `env.sleep`; a
 * workflow whose first task (and the activities before its timers) has not run yet on a busy machine
 * would then arm its timers after the jump and silently skip the instants the test expects.
 */
export async function untilTimerArmed(handle: WorkflowHandle, timeoutMs = 30_000): Promise<void> {
  await expectEventually(async () => {
    const history = await handle.fetchHistory();
    const armed = (history.events ?? []).some((event) => event.timerStartedEventAttributes);
    if (!armed) throw new Error(`workflow ${handle.workflowId} has armed no timer yet`);
  }, timeoutMs);
}
