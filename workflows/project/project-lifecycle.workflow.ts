import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { projectChangedSignal, type ProjectActivities, type ProjectLifecycleInput, type ProjectSchedule } from '@app/contracts';

const activities = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Milestone states that still expect a report: reminded, and overdue after the grace period. */
const AWAITING_REPORT = ['PLANNED', 'DUE_SOON', 'CHANGES_REQUESTED'];

interface TimedAction {
  key: string;
  at: number;
  kind: 'REMIND' | 'OVERDUE';
  idx: number;
  daysBefore: number;
}

/** The project's pending timed actions (SPEC M3), earliest first; a reminder already in the past is skipped. */
function pendingActions(schedule: ProjectSchedule, done: ReadonlySet<string>, startedAt: number): TimedAction[] {
  const actions: TimedAction[] = [];
  for (const m of schedule.milestones) {
    if (!AWAITING_REPORT.includes(m.state)) continue;
    for (const r of m.reminders) {
      const at = Date.parse(r.at);
      // The key carries the instant: an amendment that moves the date brings a new reminder.
      if (at >= startedAt) actions.push({ key: `remind:${m.idx}:${r.daysBefore}:${r.at}`, at, kind: 'REMIND', idx: m.idx, daysBefore: r.daysBefore });
    }
    actions.push({ key: `overdue:${m.idx}:${m.overdueAt}`, at: Date.parse(m.overdueAt), kind: 'OVERDUE', idx: m.idx, daysBefore: 0 });
  }
  return actions.filter((a) => !done.has(a.key)).sort((x, y) => x.at - y.at || (x.key < y.key ? -1 : 1));
}

/**
 * One funded project's milestones over its life (SPEC M2–M3): reminders before each due date, OVERDUE and
 * the escalation after the grace period, all through activities that write the outbox. SUSPENDED waits for
 * a change; COMPLETED and TERMINATED end the workflow.
 */
export async function projectLifecycleWorkflow(input: ProjectLifecycleInput): Promise<void> {
  const done = new Set(input.done ?? []);
  const since = input.since ?? Date.now();
  let changed = true;
  let schedule: ProjectSchedule | null = null;
  setHandler(projectChangedSignal, () => {
    changed = true;
  });
  for (;;) {
    if (changed) {
      changed = false;
      schedule = await activities.loadProjectSchedule({ projectId: input.projectId });
    }
    const current = schedule!;
    if (current.state === 'COMPLETED' || current.state === 'TERMINATED') break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof projectLifecycleWorkflow>({ ...input, done: [...done], since });
    }
    const [next] = current.state === 'ACTIVE' ? pendingActions(current, done, since) : [];
    if (next === undefined) {
      await condition(() => changed);
      continue;
    }
    const wait = next.at - Date.now();
    if (wait > 0) {
      await condition(() => changed, wait);
      continue;
    }
    if (next.kind === 'REMIND') await activities.remindMilestone({ projectId: input.projectId, idx: next.idx, daysBefore: next.daysBefore });
    else await activities.markMilestoneOverdue({ projectId: input.projectId, idx: next.idx });
    done.add(next.key);
    changed = true;
  }
  await condition(allHandlersFinished);
}
