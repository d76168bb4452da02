import fc from 'fast-check';
import { PROMOTION_APPROVAL_DAYS, PROMOTION_REMINDER_INTERVAL_DAYS, promotionEscalationAt } from './promotion-approval';

const DAY = 86_400_000;

describe('promotion approval escalations', () => {
  it('escalates first after the approval period, then at every interval', () => {
    const proposed = Date.parse('2027-03-01T09:30:00Z');
    expect(new Date(promotionEscalationAt(proposed, 0)).toISOString()).toBe('2027-03-15T09:30:00.000Z');
    expect(new Date(promotionEscalationAt(proposed, 1)).toISOString()).toBe('2027-03-22T09:30:00.000Z');
    expect(() => promotionEscalationAt(proposed, -1)).toThrow(RangeError);
    expect(() => promotionEscalationAt(proposed, 0.5)).toThrow(RangeError);
  });

  it('never escalates before the approval period and keeps a fixed interval (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.nat(500), (proposed, n) => {
        const at = promotionEscalationAt(proposed, n);
        expect(at - proposed).toBeGreaterThanOrEqual(PROMOTION_APPROVAL_DAYS * DAY);
        expect(promotionEscalationAt(proposed, n + 1) - at).toBe(PROMOTION_REMINDER_INTERVAL_DAYS * DAY);
      }),
    );
  });
});
