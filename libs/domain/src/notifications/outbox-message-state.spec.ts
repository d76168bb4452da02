import { DomainError } from '../domain-error';
import { OUTBOX_MESSAGE_STATUSES, outboxMessageMachine } from './outbox-message-state';

describe('the notification outbox state machine', () => {
  it('only a pending message moves: sent, put into a digest or given up', () => {
    const moves = OUTBOX_MESSAGE_STATUSES.flatMap((from) =>
      OUTBOX_MESSAGE_STATUSES.filter((to) => outboxMessageMachine.can(from, to)).map((to) => `${from}>${to}`),
    );
    expect(moves).toEqual(['PENDING>SENT', 'PENDING>DIGESTED', 'PENDING>FAILED']);
    expect(() => outboxMessageMachine.assert('SENT', 'FAILED')).toThrow(DomainError);
  });
});
