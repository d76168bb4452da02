import { checkRedressRequest, REDRESS_WINDOW_MS, redressEffect } from './redress';
import type { RedressOutcome, RedressRequestCheck } from './redress';

const RESULT = Date.parse('2027-06-01T10:00:00Z');
const request = (over: Partial<RedressRequestCheck> = {}): RedressRequestCheck => ({
  now: RESULT + 1000,
  resultAt: RESULT,
  stage: 1,
  requesterIsCoordinator: true,
  filedStages: [],
  grounds: 'The evaluation ignored our annex.',
  ...over,
});
const codes = (r: ReturnType<typeof checkRedressRequest>) => r.violations.map((v) => v.code);

describe('redress (V9)', () => {
  it('is open from the result to 30 × 24 h after it, both ends included', () => {
    expect(checkRedressRequest(request())).toEqual({
      allowed: true,
      violations: [],
      deadline: '2027-07-01T10:00:00.000Z',
    });
    expect(checkRedressRequest(request({ now: RESULT })).allowed).toBe(true);
    expect(checkRedressRequest(request({ now: RESULT + REDRESS_WINDOW_MS })).allowed).toBe(true);
    expect(codes(checkRedressRequest(request({ now: RESULT + REDRESS_WINDOW_MS + 1 })))).toEqual([
      'REDRESS_WINDOW_CLOSED',
    ]);
    expect(codes(checkRedressRequest(request({ now: RESULT - 1 })))).toEqual(['RESULT_NOT_YET_ISSUED']);
  });

  it('accepts ISO instants with offsets', () => {
    expect(
      checkRedressRequest(request({ now: '2027-07-01T12:00:00+02:00', resultAt: '2027-06-01T12:00:00+02:00' })).allowed,
    ).toBe(true);
    expect(
      checkRedressRequest(request({ now: '2027-07-01T12:00:00.001+02:00', resultAt: '2027-06-01T12:00:00+02:00' }))
        .allowed,
    ).toBe(false);
    expect(checkRedressRequest(request({ resultAt: '2027-06-01T12:00:00' }))).toMatchObject({
      allowed: false,
      deadline: null,
    });
  });

  it('allows one request per stage per proposal, from the coordinator, with grounds', () => {
    expect(codes(checkRedressRequest(request({ filedStages: [1] })))).toEqual(['REDRESS_ALREADY_FILED']);
    expect(checkRedressRequest(request({ filedStages: [1], stage: 2 })).allowed).toBe(true);
    expect(
      codes(
        checkRedressRequest(request({ requesterIsCoordinator: false, grounds: '   ', now: 'x', filedStages: [1] })),
      ),
    ).toEqual(['NOT_COORDINATOR', 'INVALID_INSTANT', 'REDRESS_ALREADY_FILED', 'GROUNDS_REQUIRED']);
    expect(codes(checkRedressRequest(request({ grounds: 'x'.repeat(10_001) })))).toEqual(['GROUNDS_TOO_LONG']);
    expect(checkRedressRequest(request()).violations.every((v) => v.rule === 'V9')).toBe(true);
  });

  it('maps outcomes to what re-opens', () => {
    expect(redressEffect('UPHELD_REOPEN_ELIGIBILITY', false)).toEqual({
      outcome: 'UPHELD_REOPEN_ELIGIBILITY',
      reopenIn: 'ELIGIBILITY_CHECK',
      viaReservePromotion: false,
    });
    expect(redressEffect('UPHELD_REOPEN_EVALUATION', true)).toEqual({
      outcome: 'UPHELD_REOPEN_EVALUATION',
      reopenIn: 'IN_REVIEW',
      viaReservePromotion: true,
    });
    expect(redressEffect('REJECTED', true)).toEqual({
      outcome: 'REJECTED',
      reopenIn: null,
      viaReservePromotion: false,
    });
    expect(() => redressEffect('MAYBE' as RedressOutcome, false)).toThrow(
      expect.objectContaining({ code: 'INVALID_REDRESS_OUTCOME' }),
    );
  });
});
