import fc from 'fast-check';
import { DELIVERY_PREFERENCES, deliveryFor, NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS } from './notification-kinds';

describe('deliveryFor', () => {
  it('never suppresses or postpones a critical kind, whatever the preference', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTIFICATION_KIND_NAMES),
        fc.option(fc.constantFrom(...DELIVERY_PREFERENCES), { nil: undefined }),
        (kind, pref) => {
          const delivery = deliveryFor(kind, pref);
          if (NOTIFICATION_KINDS[kind].critical) expect(delivery).toBe('IMMEDIATE');
        },
      ),
    );
  });

  it('follows the preference for other kinds, immediate by default', () => {
    expect(deliveryFor('MEMBERSHIP_REQUESTED', undefined)).toBe('IMMEDIATE');
    expect(deliveryFor('MEMBERSHIP_REQUESTED', 'DAILY_DIGEST')).toBe('DAILY_DIGEST');
    expect(deliveryFor('MEMBERSHIP_REQUESTED', 'OFF')).toBe('SUPPRESSED');
  });
});
