import {
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  answerAmendmentUpdate,
  changeProjectStateUpdate,
  decideConsortiumAgreementUpdate,
  decideReportUpdate,
  projectChangedSignal,
  type ProjectActivities,
  type ProjectActionResult,
  type ProjectLifecycleInput,
  type ProjectSchedule,
} from '@app/contracts';
import {
  canApplyMilestoneEvent,
  canApplyProjectEvent,
  DomainError,
  remindersActive,
  type MilestoneState,
} from '@app/domain';

const activities = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

interface TimedAction {
  key: string;
  at: number;
  kind: 'REMIND' | 'OVERDUE' | 'REPORT_REMIND' | 'REPORT_OVERDUE';
  idx: number;
  subject: string;
  daysBefore: number;
}

/**
 * The project's pending timed actions (SPEC M3), earliest first: reminders while the milestone was never
 * reported, OVERDUE once its grace has passed unreported (the domain's milestone lifecycle decides both).
 * A reminder already in the past when the workflow first started is skipped.
 */
function pendingActions(schedule: ProjectSchedule, done: ReadonlySet<string>, startedAt: number): TimedAction[] {
  const actions: TimedAction[] = [];
  for (const m of schedule.milestones) {
    const state = m.state as MilestoneState;
    // Never remind after the due instant (a reminder missed while suspended is sent at resumption while
    // the milestone is still ahead); past it the overdue escalation takes over.
    if (canApplyMilestoneEvent(state, 'REMINDER_SENT') && Date.now() < Date.parse(m.dueAt)) {
      for (const r of m.reminders) {
        const at = Date.parse(r.at);
        // The key carries the instant: an amendment that moves the date brings a new reminder.
        if (at >= startedAt)
          actions.push({
            key: `remind:${m.idx}:${r.daysBefore}:${r.at}`,
            at,
            kind: 'REMIND',
            idx: m.idx,
            subject: '',
            daysBefore: r.daysBefore,
          });
      }
    }
    if (canApplyMilestoneEvent(state, 'GRACE_EXPIRED')) {
      actions.push({
        key: `overdue:${m.idx}:${m.overdueAt}`,
        at: Date.parse(m.overdueAt),
        kind: 'OVERDUE',
        idx: m.idx,
        subject: '',
        daysBefore: 0,
      });
    }
  }
  // The periodic and final reports (M6) the same way: reminded while due ahead, escalated once overdue.
  for (const r of schedule.reports ?? []) {
    if (r.submitted) continue;
    if (Date.now() < Date.parse(r.dueAt)) {
      for (const x of r.reminders) {
        const at = Date.parse(x.at);
        if (at >= startedAt)
          actions.push({
            key: `report-remind:${r.subject}:${x.daysBefore}:${x.at}`,
            at,
            kind: 'REPORT_REMIND',
            idx: -1,
            subject: r.subject,
            daysBefore: x.daysBefore,
          });
      }
    }
    actions.push({
      key: `report-overdue:${r.subject}:${r.overdueAt}`,
      at: Date.parse(r.overdueAt),
      kind: 'REPORT_OVERDUE',
      idx: -1,
      subject: r.subject,
      daysBefore: 0,
    });
  }
  return actions.filter((a) => !done.has(a.key)).sort((x, y) => x.at - y.at || (x.key < y.key ? -1 : 1));
}

const closed = (schedule: ProjectSchedule | null): boolean =>
  schedule?.state === 'COMPLETED' || schedule?.state === 'TERMINATED';

function assertOpen(schedule: ProjectSchedule | null): void {
  if (schedule && closed(schedule))
    throw new DomainError('PROJECT_CLOSED', `The project is ${schedule.state}.`, 'conflict', [], {
      state: schedule.state,
    });
}

/**
 * One funded project over its life (SPEC M2–M6): reminders before each milestone's and each periodic or final
 * report's due date, OVERDUE and the escalation after the grace period, all through activities that write the outbox;
 * the programme manager's and the agencies' decisions (consortium agreement, reports, amendments, suspension,
 * termination) as updates, one at a time, each written by an activity in one transaction at the workflow's time;
 * COMPLETED once the final report is accepted and every instalment paid. SUSPENDED waits for a change; COMPLETED and
 * TERMINATED end it.
 */
export async function projectLifecycleWorkflow(input: ProjectLifecycleInput): Promise<void> {
  const done = new Set(input.done ?? []);
  const since = input.since ?? Date.now();
  let changed = true;
  let schedule: ProjectSchedule | null = null;
  let tail: Promise<unknown> = Promise.resolve();
  const updateId = (): string => currentUpdateInfo()?.id ?? 'no-update-id';

  /** Runs one update's activity after the schedule is known, after the updates before it; then reloads. */
  const act = (work: (at: string) => Promise<ProjectActionResult>): Promise<ProjectActionResult> => {
    const run = tail.then(async () => {
      await condition(() => schedule !== null);
      assertOpen(schedule);
      const result = await work(new Date().toISOString());
      // The next update's validator sees the new state at once; the loop reloads the rest.
      schedule = { ...schedule!, state: result.projectState };
      changed = true;
      return result;
    });
    tail = run.catch(() => undefined);
    return run;
  };

  setHandler(projectChangedSignal, () => {
    changed = true;
  });
  setHandler(
    decideConsortiumAgreementUpdate,
    (request) =>
      act((at) =>
        activities.decideConsortiumAgreement({ projectId: input.projectId, request, updateId: updateId(), at }),
      ),
    {
      validator: (_request) => assertOpen(schedule),
    },
  );
  setHandler(
    decideReportUpdate,
    (request) =>
      act((at) => activities.decideReport({ projectId: input.projectId, request, updateId: updateId(), at })),
    {
      validator: (_request) => assertOpen(schedule),
    },
  );
  setHandler(
    answerAmendmentUpdate,
    (request) =>
      act((at) => activities.answerAmendment({ projectId: input.projectId, request, updateId: updateId(), at })),
    {
      validator: (_request) => assertOpen(schedule),
    },
  );
  setHandler(
    changeProjectStateUpdate,
    (request) =>
      act((at) => activities.changeProjectState({ projectId: input.projectId, request, updateId: updateId(), at })),
    {
      validator: (request) => {
        assertOpen(schedule);
        if (schedule && !canApplyProjectEvent(schedule.state, request.event)) {
          throw new DomainError(
            'ILLEGAL_PROJECT_TRANSITION',
            `The project is ${schedule.state}: ${request.event} is not possible.`,
            'conflict',
            [],
            { state: schedule.state },
          );
        }
      },
    },
  );

  for (;;) {
    if (changed) {
      changed = false;
      schedule = await activities.loadProjectSchedule({ projectId: input.projectId });
    }
    const current = schedule!;
    if (closed(current)) break;
    if (current.state === 'ACTIVE' && current.completable) {
      await activities.completeProject({ projectId: input.projectId, at: new Date().toISOString() });
      changed = true;
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof projectLifecycleWorkflow>({ ...input, done: [...done], since });
    }
    const [next] = remindersActive(current.state) ? pendingActions(current, done, since) : [];
    if (next === undefined) {
      await condition(() => changed);
      continue;
    }
    const wait = next.at - Date.now();
    if (wait > 0) {
      await condition(() => changed, wait);
      continue;
    }
    if (next.kind === 'REMIND')
      await activities.remindMilestone({ projectId: input.projectId, idx: next.idx, daysBefore: next.daysBefore });
    else if (next.kind === 'OVERDUE')
      await activities.markMilestoneOverdue({ projectId: input.projectId, idx: next.idx });
    else if (next.kind === 'REPORT_REMIND')
      await activities.remindReport({ projectId: input.projectId, subject: next.subject, daysBefore: next.daysBefore });
    else await activities.alertReportOverdue({ projectId: input.projectId, subject: next.subject });
    done.add(next.key);
    changed = true;
  }
  await condition(allHandlersFinished);
}
