import fc from 'fast-check';
import type { CommitmentTerms } from './call-configuration';
import { canChangeCommitmentAmount, validateCommitmentTerms } from './regional-rules.rules';
import { paramsMissingFromMessage } from '../../../../test/utils/params-in-message';

const context = { regionCurrency: 'EUR', flexibilityAllowed: true };

const valid = (): CommitmentTerms => ({
  currency: 'EUR',
  amount: 50_000_000,
  flexibility: 10_000_000,
  rules: {
    eligibleOrganisationTypes: ['SME', 'UNIVERSITY'],
    maxFundingRateBps: { SME: 7000, UNIVERSITY: 10_000 },
    maxGrantPerPartner: 20_000_000,
    maxPerProject: 40_000_000,
    regionalAnnex: { required: true, dueDaysAfterDeadline: 14, fields: ['VAT status'], documents: [] },
    extraReportFields: ['Regional jobs'],
  },
});

const codesOf = (terms: CommitmentTerms, ctx = context): string[] =>
  validateCommitmentTerms(terms, ctx)
    .map((v) => `${v.field} ${v.code}`)
    .sort();

describe('validateCommitmentTerms', () => {
  it('accepts sound terms', () => {
    expect(codesOf(valid())).toEqual([]);
    expect(
      codesOf({ ...valid(), currency: 'CHF', flexibility: 0 }, { regionCurrency: 'CHF', flexibilityAllowed: false }),
    ).toEqual([]);
  });

  it('refuses a currency other than the region’s and flexibility the call does not allow', () => {
    expect(codesOf({ ...valid(), currency: 'CHF' })).toEqual(['currency CURRENCY_MISMATCH']);
    expect(codesOf(valid(), { regionCurrency: 'EUR', flexibilityAllowed: false })).toEqual([
      'flexibility FLEXIBILITY_NOT_ALLOWED',
    ]);
  });

  it('wants amounts as whole minor units from 0 to the safe-integer bound', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, Infinity]) {
      expect(codesOf({ ...valid(), amount: bad })).toEqual(['amount INVALID_AMOUNT']);
    }
    expect(codesOf({ ...valid(), amount: 0, flexibility: 0 })).toEqual([]);
    expect(codesOf({ ...valid(), amount: Number.MAX_SAFE_INTEGER })).toEqual([]);
  });

  it('lists every bad organisation type and rate, each on its own path', () => {
    const t = valid();
    t.rules.eligibleOrganisationTypes = ['SME', 'STARTUP' as never, 'SME'];
    t.rules.maxFundingRateBps = { SME: 10_001, UNIVERSITY: 50.5, FOUNDATION: 5000 } as never;
    t.rules.maxGrantPerPartner = 0;
    t.rules.maxPerProject = -5;
    t.rules.regionalAnnex = { required: true, dueDaysAfterDeadline: 91, fields: [], documents: [] };
    t.rules.extraReportFields = ['', 'x'.repeat(101), 'Jobs', 'Jobs'];
    expect(codesOf(t)).toEqual(
      [
        'rules.eligibleOrganisationTypes[1] UNKNOWN_ORGANISATION_TYPE',
        'rules.eligibleOrganisationTypes[2] DUPLICATE_ORGANISATION_TYPE',
        'rules.maxFundingRateBps.SME RATE_OUT_OF_RANGE',
        'rules.maxFundingRateBps.UNIVERSITY RATE_OUT_OF_RANGE',
        'rules.maxFundingRateBps.FOUNDATION UNKNOWN_ORGANISATION_TYPE',
        'rules.maxGrantPerPartner INVALID_AMOUNT',
        'rules.maxPerProject INVALID_AMOUNT',
        'rules.regionalAnnex.dueDaysAfterDeadline ANNEX_DUE_DAYS_OUT_OF_RANGE',
        'rules.regionalAnnex ANNEX_EMPTY',
        'rules.extraReportFields[0] INVALID_REPORT_FIELD',
        'rules.extraReportFields[1] INVALID_REPORT_FIELD',
        'rules.extraReportFields[3] DUPLICATE_REPORT_FIELD',
      ].sort(),
    );
  });

  it('needs at least one eligible type, each with a rate; an optional annex is not checked', () => {
    const t = valid();
    t.rules.eligibleOrganisationTypes = [];
    expect(codesOf(t)).toEqual(['rules.eligibleOrganisationTypes ELIGIBLE_TYPES_REQUIRED']);
    const noRate = valid();
    noRate.rules.eligibleOrganisationTypes.push('RESEARCH_ORG');
    noRate.rules.regionalAnnex = { required: false, dueDaysAfterDeadline: 0, fields: [], documents: [] };
    expect(codesOf(noRate)).toEqual(['rules.maxFundingRateBps.RESEARCH_ORG MISSING_FUNDING_RATE']);
  });

  it('accepts every whole rate from 0 to 10 000 bps and nothing outside', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 20_000 }), (bps) => {
        const t = valid();
        t.rules.maxFundingRateBps.SME = bps;
        expect(codesOf(t)).toEqual(bps >= 0 && bps <= 10_000 ? [] : ['rules.maxFundingRateBps.SME RATE_OUT_OF_RANGE']);
      }),
    );
  });
});

describe('canChangeCommitmentAmount', () => {
  const money = fc.integer({ min: 0, max: 1e12 });

  it('allows any amount during the alignment', () => {
    fc.assert(
      fc.property(money, money, money, money, money, (a, f, na, nf, allocated) => {
        expect(
          canChangeCommitmentAmount(
            { amount: a, flexibility: f },
            { amount: na, flexibility: nf },
            allocated,
            'ALIGNMENT',
          ),
        ).toEqual([]);
      }),
    );
  });

  it('after the alignment, refuses exactly the totals below what is allocated', () => {
    fc.assert(
      fc.property(money, money, money, money, money, (a, f, na, nf, allocated) => {
        const v = canChangeCommitmentAmount(
          { amount: a, flexibility: f },
          { amount: na, flexibility: nf },
          allocated,
          'AFTER_ALIGNMENT',
        );
        expect(v.map((x) => x.code)).toEqual(na + nf >= allocated ? [] : ['BELOW_ALLOCATED']);
      }),
    );
  });

  it('raising is always fine once the current total covers the allocation', () => {
    fc.assert(
      fc.property(money, money, money, money, (allocated, extra, raise, shift) => {
        const current = { amount: allocated + extra, flexibility: 0 };
        const next = { amount: current.amount + raise, flexibility: shift };
        expect(canChangeCommitmentAmount(current, next, allocated, 'AFTER_ALIGNMENT')).toEqual([]);
      }),
    );
  });

  it('refuses malformed amounts in any phase', () => {
    const v = canChangeCommitmentAmount(
      { amount: 10, flexibility: 0 },
      { amount: -1, flexibility: 0.5 },
      0,
      'ALIGNMENT',
    );
    expect(v.map((x) => `${x.field} ${x.code}`)).toEqual(['amount INVALID_AMOUNT', 'flexibility INVALID_AMOUNT']);
    const below = canChangeCommitmentAmount(
      { amount: 100, flexibility: 0 },
      { amount: 40, flexibility: 10 },
      60,
      'AFTER_ALIGNMENT',
    );
    expect(below).toEqual([expect.objectContaining({ field: 'amount', rule: 'A1', code: 'BELOW_ALLOCATED' })]);
  });
});

describe('commitment rules — params', () => {
  const WITHOUT_PARAMS = new Set(['FLEXIBILITY_NOT_ALLOWED', 'ELIGIBLE_TYPES_REQUIRED', 'ANNEX_EMPTY']);

  it('every violation names its values as params, each of them in the English message', () => {
    const t = valid();
    t.currency = 'CHF';
    t.amount = -1;
    t.rules.eligibleOrganisationTypes = ['SME', 'STARTUP' as never, 'SME', 'RESEARCH_ORG'];
    t.rules.maxFundingRateBps = { SME: 10_001, FOUNDATION: 5000 } as never;
    t.rules.maxGrantPerPartner = 0;
    t.rules.regionalAnnex = { required: true, dueDaysAfterDeadline: 91, fields: [], documents: [] };
    t.rules.extraReportFields = ['', 'Jobs', 'Jobs'];
    const violations = [
      ...validateCommitmentTerms(t, { regionCurrency: 'EUR', flexibilityAllowed: false }),
      ...validateCommitmentTerms(
        { ...valid(), rules: { ...valid().rules, eligibleOrganisationTypes: [] } },
        { regionCurrency: 'EUR', flexibilityAllowed: false },
      ),
      ...canChangeCommitmentAmount(
        { amount: 100, flexibility: 0 },
        { amount: 40, flexibility: 10 },
        60,
        'AFTER_ALIGNMENT',
        'CHF',
      ),
      ...canChangeCommitmentAmount({ amount: 100, flexibility: 0 }, { amount: -1, flexibility: 0.5 }, 0, 'ALIGNMENT'),
    ];
    expect(new Set(violations.map((v) => v.code)).size).toBeGreaterThanOrEqual(12);
    for (const v of violations) {
      expect({ code: v.code, hasParams: v.params !== undefined }).toEqual({
        code: v.code,
        hasParams: !WITHOUT_PARAMS.has(v.code),
      });
      expect({ code: v.code, missing: paramsMissingFromMessage(v) }).toEqual({ code: v.code, missing: [] });
    }
    expect(violations.find((v) => v.code === 'CURRENCY_MISMATCH')?.params).toEqual({ currency: 'EUR', actual: 'CHF' });
    expect(violations.find((v) => v.code === 'BELOW_ALLOCATED')?.params).toEqual({
      limit: 60,
      current: 100,
      amount: 50,
      currency: 'CHF',
    });
  });
});
