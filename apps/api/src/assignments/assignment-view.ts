import type { AssignmentRecord, JobRecord } from '@app/persistence';
import type { AssignmentView, JobView, ReviewQueueItemView } from './assignment.dto';

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function assignmentView(a: AssignmentRecord): AssignmentView {
  return {
    id: a.id,
    callId: a.callId,
    proposalId: a.proposalId,
    stageNo: a.stageNo,
    evaluatorId: a.evaluatorId,
    state: a.state,
    origin: a.origin,
    affinity: a.affinity,
    reason: a.reason,
    offeredAt: a.offeredAt.toISOString(),
    offerExpiresAt: a.offerExpiresAt.toISOString(),
    respondedAt: iso(a.respondedAt),
    declineReason: a.declineReason,
    reviewDueAt: a.reviewDueAt.toISOString(),
    submittedAt: iso(a.submittedAt),
  };
}

export function queueItemView(
  a: AssignmentRecord & { acronym: string; title: string; callTitle: string },
): ReviewQueueItemView {
  const nextAction = a.state === 'OFFERED' ? 'ANSWER_OFFER' : a.state === 'ACCEPTED' ? 'WRITE_REVIEW' : 'NONE';
  return { ...assignmentView(a), acronym: a.acronym, title: a.title, callTitle: a.callTitle, nextAction };
}

export function jobView(job: JobRecord): JobView {
  return {
    id: job.id,
    kind: job.kind,
    callId: job.callId,
    status: job.status,
    progress: job.progress,
    result: job.result,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
  };
}
