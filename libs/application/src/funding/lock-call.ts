import { DomainError } from '@app/domain';
import type { CallRecord, CallRepository, Tx } from '@app/persistence';

/** The call row under its exclusive lock (SPEC S1 ordering), or a not-found refusal. */
export async function lockCall(calls: CallRepository, tx: Tx, callId: string): Promise<CallRecord> {
  const call = await calls.find(tx, callId, true);
  if (!call) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} not found.`, 'not-found', [], { callId });
  return call;
}
