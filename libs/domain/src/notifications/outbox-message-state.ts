import { defineStateMachine } from '../state-machine';

/**
 * A notification's delivery status (`outbox_message.status`, SPEC §5 N1). PENDING waits for delivery
 * (an IMMEDIATE message) or for the day's digest (a DAILY_DIGEST one); SUPPRESSED is written at creation
 * (the recipient turned the kind off). SENT, DIGESTED, SUPPRESSED and FAILED are final.
 */
export const OUTBOX_MESSAGE_STATUSES = ['PENDING', 'SENT', 'DIGESTED', 'SUPPRESSED', 'FAILED'] as const;
export type OutboxMessageStatus = (typeof OUTBOX_MESSAGE_STATUSES)[number];

export const outboxMessageMachine = defineStateMachine<OutboxMessageStatus>('notification', {
  PENDING: ['SENT', 'DIGESTED', 'FAILED'],
  SENT: [],
  DIGESTED: [],
  SUPPRESSED: [],
  FAILED: [],
});
