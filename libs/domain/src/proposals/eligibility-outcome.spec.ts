import fc from 'fast-check';
import { eligibilityOutcome, type RegionalDecision } from './eligibility-outcome';

const decision = fc.record({
  organisationId: fc.uuid(),
  regionCode: fc.constantFrom('ITH2', 'AT31', 'CH02'),
  decision: fc.constantFrom('PENDING' as const, 'ELIGIBLE' as const, 'INELIGIBLE' as const),
  reason: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: null }),
});

describe('eligibilityOutcome (SPEC R2)', () => {
  it('is ELIGIBLE only when every decision is ELIGIBLE and no rule is broken', () => {
    fc.assert(
      fc.property(fc.array(decision, { maxLength: 8 }), fc.boolean(), (decisions: RegionalDecision[], ruleBroken) => {
        const outcome = eligibilityOutcome(
          decisions,
          ruleBroken ? [{ rule: 'E1', code: 'TOO_FEW_PARTNERS', message: 'too few' }] : [],
        );
        expect(outcome.state === 'ELIGIBLE').toBe(!ruleBroken && decisions.every((d) => d.decision === 'ELIGIBLE'));
        if (outcome.state === 'INELIGIBLE') expect(outcome.reasons.length).toBeGreaterThan(0);
        if (outcome.state === 'PENDING') expect(decisions.some((d) => d.decision === 'PENDING')).toBe(true);
      }),
    );
  });

  it('never passes a missing decision silently', () => {
    const outcome = eligibilityOutcome(
      [
        { organisationId: 'a', regionCode: 'ITH2', decision: 'ELIGIBLE', reason: null },
        { organisationId: 'b', regionCode: 'AT31', decision: 'PENDING', reason: null },
      ],
      [],
    );
    expect(outcome).toEqual({ state: 'PENDING', reasons: [] });
  });

  it('names the region and the reason of an ineligible partner', () => {
    const outcome = eligibilityOutcome(
      [{ organisationId: 'org-1', regionCode: 'CH02', decision: 'INELIGIBLE', reason: 'not registered in the canton' }],
      [],
    );
    expect(outcome).toEqual({
      state: 'INELIGIBLE',
      reasons: ['CH02: partner org-1 is ineligible — not registered in the canton'],
    });
  });
});
