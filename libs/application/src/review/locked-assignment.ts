import { DomainError } from '@app/domain';
import type { AssignmentRecord, ReviewAssignmentRepository, Tx } from '@app/persistence';

/** The assignment under its row lock; not found (404) when it is missing or, given `actorId`, not the actor's. */
export async function lockedAssignment(
  assignments: ReviewAssignmentRepository,
  tx: Tx,
  id: string,
  actorId?: string,
): Promise<AssignmentRecord> {
  const assignment = await assignments.find(tx, id, true);
  if (!assignment || (actorId !== undefined && assignment.evaluatorId !== actorId))
    throw new DomainError('ASSIGNMENT_NOT_FOUND', `Assignment ${id} not found.`, 'not-found', [], { assignmentId: id });
  return assignment;
}
