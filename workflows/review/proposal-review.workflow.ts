import {
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  answerOfferUpdate,
  offersChangedSignal,
  reviewScheduleQuery,
  submitReviewUpdate,
  type AssignmentChange,
  type ProposalReviewInput,
  type ReviewSchedule,
  type ScheduledAssignment,
} from '@app/contracts';
import { DomainError } from '@app/domain';
import { reviewActivities } from './review-activities';
import { pendingActions } from './review-timeline';

/**
 * One proposal's review in one stage (SPEC §4 Assignment, V4–V5). Loads the assignments from
 * PostgreSQL, tops the offers up to `reviewersPerProposal`, then sleeps until the next timed action —
 * an offer's expiry (→ EXPIRED and the next best evaluator), a reminder 7 or 2 days before the review
 * is due, the overdue alert — or until an evaluator answers, submits, or new offers arrive. It ends when
 * the schedule says the proposal needs no more reviews.
 */
export async function proposalReviewWorkflow(input: ProposalReviewInput): Promise<void> {
  const done = new Set(input.done ?? []);
  let schedule: ReviewSchedule | null = null;
  let dirty = true;
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
  const known = (assignmentId: string, actorId: string): ScheduledAssignment => {
    const assignment = schedule?.assignments.find((a) => a.assignmentId === assignmentId && a.evaluatorId === actorId);
    if (assignment) return assignment;
    throw new DomainError('ASSIGNMENT_NOT_FOUND', `Assignment ${assignmentId} not found.`, 'not-found', [], {
      assignmentId,
    });
  };
  const updateId = (): string => currentUpdateInfo()?.id ?? 'no-update-id';
  /** Applies a change the activity made at once, so that the next update's validator sees it before the reload. */
  const applied = (change: AssignmentChange): AssignmentChange => {
    const known = (schedule as ReviewSchedule | null)?.assignments.find((a) => a.assignmentId === change.assignmentId);
    if (known) {
      known.state = change.state;
      if (change.state === 'ACCEPTED' || change.state === 'DECLINED') known.respondedAt ??= new Date().toISOString();
    }
    return change;
  };

  setHandler(offersChangedSignal, () => {
    dirty = true;
  });
  setHandler(reviewScheduleQuery, () => schedule);
  setHandler(
    answerOfferUpdate,
    (request) =>
      serial(async (): Promise<AssignmentChange> => {
        const change = applied(
          await reviewActivities.answerOffer({ request, updateId: updateId(), at: new Date().toISOString() }),
        );
        if (change.state === 'DECLINED') {
          await reviewActivities.topUpOffers({
            proposalId: input.proposalId,
            stageNo: input.stageNo,
            cause: `declined:${change.assignmentId}`,
            at: new Date().toISOString(),
          });
        }
        dirty = true;
        return change;
      }),
    {
      validator: (request) => {
        if (schedule === null) return; // not loaded yet: the activity decides under its row lock
        const assignment = known(request.assignmentId, request.actor.userId);
        // The same answer again (a client's retry) is accepted and changes nothing.
        if (assignment.state === (request.answer === 'ACCEPT' ? 'ACCEPTED' : 'DECLINED')) return;
        if (assignment.state !== 'OFFERED')
          throw new DomainError(
            'ASSIGNMENT_STATE_CONFLICT',
            `The assignment is ${assignment.state}; only an offer can be answered.`,
            'conflict',
            [],
            { state: assignment.state, allowed: ['OFFERED'] },
          );
        if (Date.parse(assignment.offerExpiresAt) <= Date.now())
          throw new DomainError('OFFER_EXPIRED', `The offer expired at ${assignment.offerExpiresAt}.`, 'conflict', [], {
            expiresAt: assignment.offerExpiresAt,
          });
      },
    },
  );
  setHandler(
    submitReviewUpdate,
    (request) =>
      serial(async (): Promise<AssignmentChange> => {
        const change = applied(
          await reviewActivities.submitReview({ request, updateId: updateId(), at: new Date().toISOString() }),
        );
        dirty = true;
        return change;
      }),
    {
      validator: (request) => {
        if (schedule === null) return;
        const assignment = known(request.assignmentId, request.actor.userId);
        if (assignment.state === 'REVIEW_SUBMITTED') return;
        if (assignment.state !== 'ACCEPTED')
          throw new DomainError(
            'ASSIGNMENT_STATE_CONFLICT',
            `The assignment is ${assignment.state}; only an accepted assignment takes a review.`,
            'conflict',
            [],
            { state: assignment.state, allowed: ['ACCEPTED'] },
          );
      },
    },
  );

  for (;;) {
    if (dirty) {
      await serial(async () => {
        dirty = false;
        await reviewActivities.topUpOffers({
          proposalId: input.proposalId,
          stageNo: input.stageNo,
          cause: 'schedule',
          at: new Date().toISOString(),
        });
        schedule = await reviewActivities.loadReviewSchedule({ proposalId: input.proposalId, stageNo: input.stageNo });
      });
    }
    const current = schedule as ReviewSchedule | null;
    if (current?.finished) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof proposalReviewWorkflow>({ ...input, done: [...done] });
    }
    const [next] = current === null ? [] : pendingActions(current, done);
    if (next === undefined) {
      await condition(() => dirty);
      continue;
    }
    const wait = next.at - Date.now();
    if (wait > 0) {
      await condition(() => dirty, wait);
      continue;
    }
    await serial(async () => {
      switch (next.kind) {
        case 'EXPIRE_OFFER': {
          const change = await reviewActivities.expireOffer({ assignmentId: next.assignmentId });
          if (change.state === 'EXPIRED') {
            await reviewActivities.topUpOffers({
              proposalId: input.proposalId,
              stageNo: input.stageNo,
              cause: `expired:${next.assignmentId}`,
              at: new Date().toISOString(),
            });
          }
          break;
        }
        case 'REMIND':
          await reviewActivities.remindReviewer({ assignmentId: next.assignmentId, daysBefore: next.daysBefore });
          break;
        case 'OVERDUE':
          await reviewActivities.alertOverdueReview({ assignmentId: next.assignmentId });
          break;
      }
      done.add(next.key);
      dirty = true;
    });
  }
  await condition(allHandlersFinished);
}
