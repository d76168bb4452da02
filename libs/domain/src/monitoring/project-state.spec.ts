import { applyProjectEvent, releasesAllowed, remindersActive } from './project-state';

describe('project lifecycle (§4 Project)', () => {
  it('suspends and resumes with a reason; suspension pauses reminders and releases', () => {
    expect(applyProjectEvent('ACTIVE', { kind: 'SUSPEND', reason: 'Audit pending' })).toEqual({
      state: 'SUSPENDED',
      reason: 'Audit pending',
    });
    expect(remindersActive('SUSPENDED')).toBe(false);
    expect(releasesAllowed('SUSPENDED')).toBe(false);
    expect(applyProjectEvent('SUSPENDED', { kind: 'RESUME' })).toEqual({ state: 'ACTIVE' });
    expect(remindersActive('ACTIVE')).toBe(true);
    expect(() => applyProjectEvent('ACTIVE', { kind: 'SUSPEND', reason: '' })).toThrow(
      expect.objectContaining({ code: 'REASON_REQUIRED' }),
    );
  });

  it('terminates with a reason from ACTIVE or SUSPENDED; terminated is final and releases nothing', () => {
    expect(applyProjectEvent('SUSPENDED', { kind: 'TERMINATE', reason: 'Consortium dissolved' })).toEqual({
      state: 'TERMINATED',
      reason: 'Consortium dissolved',
    });
    expect(releasesAllowed('TERMINATED')).toBe(false);
    expect(() => applyProjectEvent('TERMINATED', { kind: 'RESUME' })).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_PROJECT_TRANSITION',
        kind: 'conflict',
        message: expect.stringContaining('is TERMINATED'),
      }),
    );
    expect(() => applyProjectEvent('ACTIVE', { kind: 'TERMINATE', reason: '  ' })).toThrow(
      expect.objectContaining({ code: 'REASON_REQUIRED' }),
    );
  });

  it('completes only with the final report accepted and every instalment paid, listing what is missing', () => {
    expect(
      applyProjectEvent('ACTIVE', {
        kind: 'COMPLETE',
        finalReportAccepted: true,
        instalments: [{ id: 'a', state: 'PAID' }],
      }),
    ).toEqual({ state: 'COMPLETED' });
    expect(() =>
      applyProjectEvent('ACTIVE', {
        kind: 'COMPLETE',
        finalReportAccepted: false,
        instalments: [
          { id: 'a', state: 'PAID' },
          { id: 'b', state: 'RELEASED' },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'PROJECT_NOT_COMPLETE',
        violations: [
          expect.objectContaining({ code: 'FINAL_REPORT_NOT_ACCEPTED' }),
          expect.objectContaining({ field: 'instalments[1]', code: 'INSTALMENT_NOT_PAID' }),
        ],
      }),
    );
    expect(() =>
      applyProjectEvent('SUSPENDED', { kind: 'COMPLETE', finalReportAccepted: true, instalments: [] }),
    ).toThrow(expect.objectContaining({ kind: 'conflict', message: expect.stringContaining('is SUSPENDED') }));
    expect(() => applyProjectEvent('COMPLETED', { kind: 'SUSPEND', reason: 'x' })).toThrow(
      expect.objectContaining({ kind: 'conflict', message: expect.stringContaining('is COMPLETED') }),
    );
  });
});
