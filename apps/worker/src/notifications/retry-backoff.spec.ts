import fc from 'fast-check';
import { RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs } from './retry-backoff';

describe('retryDelayMs', () => {
  it('doubles from the base after each failure', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([
      RETRY_BASE_MS,
      2 * RETRY_BASE_MS,
      4 * RETRY_BASE_MS,
      8 * RETRY_BASE_MS,
    ]);
  });

  it('never shrinks and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (attempts) => {
        const delay = retryDelayMs(attempts);
        expect(delay).toBeLessThanOrEqual(RETRY_CAP_MS);
        expect(delay).toBeGreaterThanOrEqual(RETRY_BASE_MS);
        expect(retryDelayMs(attempts + 1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});
