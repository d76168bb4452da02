import fc from 'fast-check';
import {
  amendmentApprovers,
  applyBudgetShifts,
  assertValidAmendment,
  resplitInstalments,
  validateAmendment,
} from './amendments';
import type { AmendableProject, BudgetShift } from './amendments';

const project: AmendableProject = {
  durationMonths: 24,
  milestones: [
    { index: 0, dueMonth: 6, state: 'ACCEPTED' },
    { index: 1, dueMonth: 12 },
    { index: 2, dueMonth: 24 },
  ],
  partners: [
    { organisationId: 'coord', regionCode: 'ITC4', role: 'COORDINATOR', grant: 100_000, released: 30_000 },
    { organisationId: 'uni', regionCode: 'ITC4', grant: 50_000, released: 0 },
    { organisationId: 'sme', regionCode: 'CH02', grant: 40_000, released: 12_000 },
  ],
  regionCurrencies: { ITC4: 'EUR', CH02: 'CHF' },
};

describe('amendments (M6)', () => {
  it(`accepts a milestone move within the duration, a longer duration with a later \
milestone, and a shift within a region`, () => {
    expect(validateAmendment(project, { milestoneChanges: [{ milestoneIndex: 1, newDueMonth: 14 }] })).toEqual([]);
    expect(
      validateAmendment(project, { durationMonths: 30, milestoneChanges: [{ milestoneIndex: 2, newDueMonth: 30 }] }),
    ).toEqual([]);
    expect(
      validateAmendment(project, {
        budgetShifts: [
          { regionCode: 'ITC4', currency: 'EUR', fromOrganisationId: 'uni', toOrganisationId: 'coord', amount: 50_000 },
        ],
        removePartners: ['uni'],
      }),
    ).toEqual([]);
    expect(() =>
      assertValidAmendment(project, { milestoneChanges: [{ milestoneIndex: 1, newDueMonth: 14 }] }),
    ).not.toThrow();
  });

  it('lists every milestone problem with its field path', () => {
    expect(
      validateAmendment(project, {
        durationMonths: 20,
        milestoneChanges: [
          { milestoneIndex: 0, newDueMonth: 7 },
          { milestoneIndex: 1, newDueMonth: 0 },
          { milestoneIndex: 9, newDueMonth: 3 },
          { milestoneIndex: 1, newDueMonth: 21 },
        ],
      }).map((v) => [v.field, v.code]),
    ).toEqual([
      ['milestoneChanges[0].milestoneIndex', 'MILESTONE_ALREADY_ACCEPTED'],
      ['milestoneChanges[1].newDueMonth', 'INVALID_DUE_MONTH'],
      ['milestoneChanges[2].milestoneIndex', 'UNKNOWN_MILESTONE'],
      ['milestoneChanges[3].milestoneIndex', 'DUPLICATE_MILESTONE_CHANGE'],
      ['milestoneChanges[3].newDueMonth', 'DUE_MONTH_AFTER_PROJECT_END'],
      ['durationMonths', 'MILESTONE_AFTER_PROJECT_END'],
    ]);
    expect(
      validateAmendment(project, { milestoneChanges: [{ milestoneIndex: 1, newDueMonth: 25 }] }).map((v) => v.code),
    ).toEqual(['DUE_MONTH_AFTER_PROJECT_END']);
  });

  it('lists every budget and partner problem', () => {
    const v = validateAmendment(project, {
      budgetShifts: [
        { regionCode: 'ITC4', currency: 'CHF', fromOrganisationId: 'uni', toOrganisationId: 'coord', amount: 1 },
        { regionCode: 'ITC4', currency: 'EUR', fromOrganisationId: 'sme', toOrganisationId: 'uni', amount: 1 },
        { regionCode: 'ITC4', currency: 'EUR', fromOrganisationId: 'uni', toOrganisationId: 'coord', amount: 60_000 },
        { regionCode: 'ITC4', currency: 'EUR', fromOrganisationId: 'coord', toOrganisationId: 'uni', amount: 140_000 },
        { regionCode: 'CH02', currency: 'CHF', fromOrganisationId: 'sme', toOrganisationId: 'sme', amount: 0.5 },
      ],
      addPartners: [{ organisationId: 'uni', regionCode: 'DE2', currency: 'EUR', grant: -1 }],
      removePartners: ['coord', 'sme', 'ghost'],
    });
    expect(v.map((x) => [x.field, x.code])).toEqual([
      ['addPartners[0].organisationId', 'PARTNER_ALREADY_IN_PROJECT'],
      ['addPartners[0].regionCode', 'UNKNOWN_REGION'],
      ['addPartners[0].grant', 'INVALID_AMOUNT'],
      ['budgetShifts[0].currency', 'WRONG_CURRENCY'],
      ['budgetShifts[1].fromOrganisationId', 'PARTNER_OUTSIDE_REGION'],
      ['budgetShifts[2].amount', 'NEGATIVE_GRANT'],
      ['budgetShifts[3].amount', 'GRANT_BELOW_RELEASED'],
      ['budgetShifts[4].amount', 'INVALID_AMOUNT'],
      ['budgetShifts[4].toOrganisationId', 'SHIFT_TO_SAME_PARTNER'],
      ['removePartners[0]', 'CANNOT_REMOVE_COORDINATOR'],
      ['removePartners[0]', 'PARTNER_HAS_RELEASED_MONEY'],
      ['removePartners[1]', 'PARTNER_HAS_RELEASED_MONEY'],
      ['removePartners[2]', 'UNKNOWN_PARTNER'],
    ]);
    expect(() => assertValidAmendment(project, { removePartners: ['sme'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_AMENDMENT', kind: 'rule' }),
    );
  });

  it('a new partner can receive a shift in the same request', () => {
    expect(
      validateAmendment(project, {
        addPartners: [{ organisationId: 'lab', regionCode: 'ITC4', currency: 'EUR', grant: 0 }],
        budgetShifts: [
          { regionCode: 'ITC4', currency: 'EUR', fromOrganisationId: 'uni', toOrganisationId: 'lab', amount: 20_000 },
        ],
      }),
    ).toEqual([]);
  });

  it(`property: valid budget shifts keep every region total, \
and leave no partner negative or below its released money`, () => {
    const partnersArb = fc.array(
      fc.record({ region: fc.constantFrom('ITC4', 'CH02'), grant: fc.nat(1_000_000), releasedShare: fc.nat(100) }),
      { minLength: 2, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        partnersArb,
        fc.array(fc.record({ from: fc.nat(5), to: fc.nat(5), amount: fc.integer({ min: 1, max: 500_000 }) }), {
          maxLength: 6,
        }),
        (ps, raw) => {
          const partners = ps.map((p, i) => ({
            organisationId: `o${i}`,
            regionCode: p.region,
            grant: p.grant,
            released: Math.floor((p.grant * p.releasedShare) / 100),
          }));
          const proj: AmendableProject = {
            durationMonths: 12,
            milestones: [],
            partners,
            regionCurrencies: { ITC4: 'EUR', CH02: 'CHF' },
          };
          const shifts: BudgetShift[] = raw
            .map((s) => ({
              from: partners[s.from % partners.length],
              to: partners[s.to % partners.length],
              amount: s.amount,
            }))
            .filter((s) => s.from.regionCode === s.to.regionCode && s.from !== s.to)
            .map((s) => ({
              regionCode: s.from.regionCode,
              currency: proj.regionCurrencies[s.from.regionCode],
              fromOrganisationId: s.from.organisationId,
              toOrganisationId: s.to.organisationId,
              amount: s.amount,
            }));
          if (validateAmendment(proj, { budgetShifts: shifts }).length > 0) return;
          const after = applyBudgetShifts(partners, shifts);
          for (const region of ['ITC4', 'CH02']) {
            const before = partners.filter((p) => p.regionCode === region).reduce((s, p) => s + p.grant, 0);
            expect(after.filter((p) => p.regionCode === region).reduce((s, p) => s + p.grant, 0)).toBe(before);
          }
          for (const p of after) {
            expect(p.grant).toBeGreaterThanOrEqual(
              partners.find((x) => x.organisationId === p.organisationId)?.released ?? 0,
            );
          }
        },
      ),
    );
  });
});

describe('resplitInstalments', () => {
  const inst = (id: string, state: 'SCHEDULED' | 'RELEASED' | 'PAID', shareBps: number, amount: number) => ({
    id,
    state,
    shareBps,
    amount,
  });

  it('keeps released money and spreads the rest over the scheduled instalments by share', () => {
    const out = resplitInstalments(1_000, [
      inst('a', 'PAID', 3_000, 300),
      inst('b', 'SCHEDULED', 4_000, 400),
      inst('c', 'SCHEDULED', 3_000, 300),
    ]);
    expect([...out]).toEqual([
      ['b', 400],
      ['c', 300],
    ]);
    const grown = resplitInstalments(1_701, [
      inst('a', 'PAID', 3_000, 300),
      inst('b', 'SCHEDULED', 4_000, 400),
      inst('c', 'SCHEDULED', 3_000, 300),
    ]);
    expect([...grown]).toEqual([
      ['b', 800],
      ['c', 601],
    ]);
  });

  it('refuses a grant below what moved, and money with no instalment left', () => {
    expect(() =>
      resplitInstalments(200, [inst('a', 'RELEASED', 3_000, 300), inst('b', 'SCHEDULED', 7_000, 700)]),
    ).toThrow(expect.objectContaining({ code: 'GRANT_BELOW_RELEASED' }));
    expect(() => resplitInstalments(400, [inst('a', 'PAID', 10_000, 300)])).toThrow(
      expect.objectContaining({ code: 'NO_SCHEDULED_INSTALMENT' }),
    );
  });

  it('always adds up to the new grant and never touches what moved (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            state: fc.constantFrom('SCHEDULED' as const, 'RELEASED' as const, 'PAID' as const),
            shareBps: fc.integer({ min: 1, max: 10_000 }),
            amount: fc.integer({ min: 0, max: 1_000_000 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 5_000_000 }),
        (rows, extra) => {
          const instalments = rows.map((r, i) => ({ id: `i${i}`, ...r }));
          const moved = instalments.filter((x) => x.state !== 'SCHEDULED').reduce((s, x) => s + x.amount, 0);
          const hasScheduled = instalments.some((x) => x.state === 'SCHEDULED');
          const grant = moved + (hasScheduled ? extra : 0);
          const out = resplitInstalments(grant, instalments);
          expect([...out.keys()]).toEqual(instalments.filter((x) => x.state === 'SCHEDULED').map((x) => x.id));
          expect([...out.values()].every((v) => Number.isSafeInteger(v) && v >= 0)).toBe(true);
          expect(moved + [...out.values()].reduce((s, v) => s + v, 0)).toBe(grant);
        },
      ),
    );
  });
});

describe('amendmentApprovers', () => {
  const agencies = { ITH2: 'agency-trento', AT31: 'agency-upper-austria' };
  it('asks every agency for dates, and the region’s agency for its money and partners', () => {
    expect(amendmentApprovers({ milestoneChanges: [{ milestoneIndex: 0, newDueMonth: 8 }] }, agencies)).toEqual([
      'agency-trento',
      'agency-upper-austria',
    ]);
    expect(
      amendmentApprovers(
        {
          budgetShifts: [
            { regionCode: 'AT31', currency: 'EUR', fromOrganisationId: 'a', toOrganisationId: 'b', amount: 1 },
          ],
        },
        agencies,
      ),
    ).toEqual(['agency-upper-austria']);
    expect(
      amendmentApprovers(
        { addPartners: [{ organisationId: 'c', regionCode: 'ITH2', currency: 'EUR', grant: 0 }] },
        agencies,
      ),
    ).toEqual(['agency-trento']);
  });
});
