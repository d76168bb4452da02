/**
 * The project workflows of the monitoring benchmark through the Temporal client: starting them at a
 * bounded concurrency, waiting until the worker has run their first task (schedule loaded, timer set),
 * reading a workflow's pending timer from its history, and counting open executions.
 */
import { type Client as TemporalClient, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { PROJECT_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';

type Log = (line: string) => void;

const START_ATTEMPTS = 5;
const PROGRESS_EVERY_MS = 10_000;

/** Runs `task` over `items` with at most `concurrency` in flight; resolves with the results in order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface StartResult {
  started: number;
  /** Already running (a repeated start): counted, not an error. */
  alreadyStarted: number;
  /** Start calls that needed more than one attempt. */
  retried: number;
  durationMs: number;
  perSecond: number;
}

/** Starts `projectLifecycleWorkflow` for each project (`project-<id>`, main task queue, `[{ projectId }]`). */
export async function startProjectWorkflows(
  client: TemporalClient,
  projectIds: readonly string[],
  concurrency: number,
  label: string,
  log: Log,
): Promise<StartResult> {
  const t0 = Date.now();
  let started = 0;
  let alreadyStarted = 0;
  let retried = 0;
  let lastReport = t0;
  await mapConcurrent(projectIds, concurrency, async (projectId) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.workflow.start(PROJECT_LIFECYCLE_WORKFLOW_TYPE, {
          workflowId: WorkflowIds.project(projectId),
          taskQueue: TaskQueues.main,
          args: [{ projectId }],
        });
        started += 1;
        break;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          alreadyStarted += 1;
          break;
        }
        if (attempt >= START_ATTEMPTS)
          throw new Error(
            `starting ${WorkflowIds.project(projectId)} failed ${attempt} times: ${(error as Error).message}`,
            { cause: error },
          );
        if (attempt === 1) retried += 1;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
    if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = Date.now();
      const done = started + alreadyStarted;
      log(`${label}: ${done} / ${projectIds.length} started (${(done / ((Date.now() - t0) / 1000)).toFixed(0)} /s)`);
    }
  });
  const durationMs = Date.now() - t0;
  return { started, alreadyStarted, retried, durationMs, perSecond: (started + alreadyStarted) / (durationMs / 1000) };
}

export interface PendingTimer {
  /** When the timer fires (its TimerStarted time + startToFireTimeout). */
  firesAt: Date;
}

/** The workflow's pending timer from its history (a TimerStarted not yet fired or cancelled), if any. */
export async function pendingTimer(client: TemporalClient, projectId: string): Promise<PendingTimer | undefined> {
  const history = await client.workflow.getHandle(WorkflowIds.project(projectId)).fetchHistory();
  const started = new Map<string, Date>();
  for (const event of history.events ?? []) {
    const timerStarted = event.timerStartedEventAttributes;
    if (timerStarted?.timerId) {
      const at = event.eventTime
        ? Number(event.eventTime.seconds) * 1000 + Math.floor((event.eventTime.nanos ?? 0) / 1e6)
        : 0;
      const timeout = timerStarted.startToFireTimeout;
      const fireMs = timeout ? Number(timeout.seconds) * 1000 + Math.floor((timeout.nanos ?? 0) / 1e6) : 0;
      started.set(timerStarted.timerId, new Date(at + fireMs));
    }
    const ended = event.timerFiredEventAttributes?.timerId ?? event.timerCanceledEventAttributes?.timerId;
    if (ended) started.delete(ended);
  }
  const [firesAt] = [...started.values()];
  return firesAt ? { firesAt } : undefined;
}

/**
 * Waits until every given workflow has a pending timer (its first task ran); returns those still without one at the
 * deadline.
 */
export async function waitForPendingTimers(
  client: TemporalClient,
  projectIds: readonly string[],
  timeoutMs: number,
  concurrency = 32,
): Promise<{ timers: Map<string, PendingTimer>; missing: string[] }> {
  const timers = new Map<string, PendingTimer>();
  let waiting = [...projectIds];
  const deadline = Date.now() + timeoutMs;
  while (waiting.length > 0) {
    const found = await mapConcurrent(waiting, concurrency, (id) => pendingTimer(client, id).catch(() => undefined));
    waiting = waiting.filter((id, i) => {
      const timer = found[i];
      if (timer) timers.set(id, timer);
      return !timer;
    });
    if (waiting.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { timers, missing: waiting };
}

/**
 * Workflow and activity tasks waiting in the main task queue (`describeTaskQueue` stats); undefined when the server
 * does not report them.
 */
export async function taskBacklog(client: TemporalClient): Promise<{ workflow: number; activity: number } | undefined> {
  const backlogOf = async (taskQueueType: temporal.api.enums.v1.TaskQueueType): Promise<number | undefined> => {
    const response = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: TaskQueues.main },
      taskQueueType,
      reportStats: true,
    });
    const count = response.stats?.approximateBacklogCount;
    return count === undefined || count === null ? undefined : Number(count);
  };
  try {
    const [workflow, activity] = await Promise.all([
      backlogOf(temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
      backlogOf(temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
    ]);
    return workflow === undefined || activity === undefined ? undefined : { workflow, activity };
  } catch {
    return undefined;
  }
}

/**
 * Waits until the worker has caught up with the starts: the task queue's backlog is empty twice in a row
 * (when the server reports it) and the last `tail` started workflows have their timer.
 */
export async function waitForWorkerCaughtUp(
  client: TemporalClient,
  startedInOrder: readonly string[],
  tail: number,
  timeoutMs: number,
  log: Log,
): Promise<{ backlogReported: boolean; durationMs: number }> {
  const t0 = Date.now();
  let backlogReported = false;
  let empty = 0;
  let lastReport = t0;
  while (empty < 2 && Date.now() - t0 < timeoutMs) {
    const backlog = await taskBacklog(client);
    if (!backlog) break;
    backlogReported = true;
    empty = backlog.workflow + backlog.activity === 0 ? empty + 1 : 0;
    if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = Date.now();
      log(`worker catching up: backlog ${backlog.workflow} workflow tasks, ${backlog.activity} activity tasks`);
    }
    if (empty < 2) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const last = startedInOrder.slice(-tail);
  const { missing } = await waitForPendingTimers(client, last, Math.max(1_000, timeoutMs - (Date.now() - t0)));
  if (missing.length)
    throw new Error(
      `${missing.length} of the last ${last.length} started workflows have no timer after ` +
        `${Math.round(timeoutMs / 1000)} s (e.g. ${WorkflowIds.project(missing[0])})`,
    );
  return { backlogReported, durationMs: Date.now() - t0 };
}

/** Open project workflows by Temporal's visibility (`count`), or by listing them when counting is not supported. */
export async function countOpenWorkflows(client: TemporalClient): Promise<{ count: number; how: string }> {
  const query = `WorkflowType = '${PROJECT_LIFECYCLE_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;
  try {
    const { count } = await client.workflow.count(query);
    return { count, how: `visibility count (${query})` };
  } catch (error) {
    let count = 0;
    for await (const _ of client.workflow.list({ query, pageSize: 1_000 })) count += 1;
    return { count, how: `listing (${query}); count not supported: ${(error as Error).message}` };
  }
}

export interface TimerSample {
  size: number;
  withTimer: number;
  /** Why sampled workflows hold no timer (status, last history event, pending activity), a few of them. */
  without: string[];
}

/** Reads the histories of `projectIds`: how many hold a pending timer, and what the others are doing. */
export async function sampleTimers(
  client: TemporalClient,
  projectIds: readonly string[],
  shown = 5,
): Promise<TimerSample> {
  const without: string[] = [];
  let withTimer = 0;
  let missing = 0;
  await mapConcurrent(projectIds, 16, async (projectId) => {
    const timer = await pendingTimer(client, projectId).catch((error: unknown) => new Error((error as Error).message));
    if (timer && !(timer instanceof Error) && timer.firesAt.getTime() > Date.now()) {
      withTimer += 1;
      return;
    }
    missing += 1;
    if (missing > shown) return;
    const handle = client.workflow.getHandle(WorkflowIds.project(projectId));
    try {
      const { status, raw } = await handle.describe();
      const history = await handle.fetchHistory();
      const last = history.events?.[history.events.length - 1];
      const lastType =
        last?.eventType === undefined || last.eventType === null
          ? '—'
          : temporal.api.enums.v1.EventType[last.eventType];
      const activities = (raw.pendingActivities ?? []).map(
        (a) =>
          `${a.activityType?.name ?? '?'} attempt ${a.attempt ?? 0}` +
          `${a.lastFailure?.message ? ` (${a.lastFailure.message})` : ''}`,
      );
      const failedTasks = (history.events ?? []).filter(
        (e) => e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes,
      ).length;
      without.push(
        `${WorkflowIds.project(projectId)}: ${status.name}, ${history.events?.length ?? 0} events, ` +
          `last ${lastType}, ${failedTasks} failed or timed-out workflow tasks` +
          `${activities.length ? `, pending ${activities.join('; ')}` : ''}` +
          `${timer instanceof Error ? `; history read failed: ${timer.message}` : ''}`,
      );
    } catch (error) {
      without.push(`${WorkflowIds.project(projectId)}: describe failed: ${(error as Error).message}`);
    }
  });
  return { size: projectIds.length, withTimer, without };
}
