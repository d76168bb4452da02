import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { ORGANISATION_TYPES } from '../identity/roles';
import type { ProposalPartner } from './proposal-model';
import { requestedFundingByRegion, smeShareBps } from './requested-funding';

const p = (organisationId: string, over: Partial<ProposalPartner>): ProposalPartner => ({
  organisationId,
  organisationType: 'SME',
  regionCode: 'ITC4',
  role: 'PARTNER',
  funded: true,
  eligibleCosts: 1_000_000,
  requestedGrant: 0,
  ...over,
});

const partners = fc.array(
  fc.record({
    organisationId: fc.uuid(),
    organisationType: fc.constantFrom(...ORGANISATION_TYPES),
    regionCode: fc.constantFrom('ITC4', 'AT31', 'DE2', 'CH02'),
    role: fc.constantFrom('COORDINATOR' as const, 'PARTNER' as const),
    funded: fc.boolean(),
    eligibleCosts: fc.nat({ max: 1e12 }),
    requestedGrant: fc.nat({ max: 1e12 }),
  }),
  { maxLength: 12 },
);

describe('requestedFundingByRegion', () => {
  it('sums the funded partners’ requested grants per region, sorted by region code', () => {
    expect(
      requestedFundingByRegion([
        p('a', { regionCode: 'ITC4', requestedGrant: 500 }),
        p('b', { regionCode: 'AT31', requestedGrant: 300 }),
        p('c', { regionCode: 'ITC4', requestedGrant: 250 }),
        p('d', { regionCode: 'DE2', funded: false }),
      ]),
    ).toEqual([
      { regionCode: 'AT31', requestedGrant: 300, partnerCount: 1 },
      { regionCode: 'ITC4', requestedGrant: 750, partnerCount: 2 },
    ]);
    expect(requestedFundingByRegion([])).toEqual([]);
  });

  it('adds up to the funded total, in any partner order', () => {
    fc.assert(
      fc.property(partners, (ps) => {
        const rows = requestedFundingByRegion(ps);
        const funded = ps.filter((x) => x.funded);
        expect(rows.reduce((s, r) => s + r.requestedGrant, 0)).toBe(funded.reduce((s, x) => s + x.requestedGrant, 0));
        expect(rows.reduce((s, r) => s + r.partnerCount, 0)).toBe(funded.length);
        expect(rows.map((r) => r.regionCode)).toEqual([...new Set(funded.map((x) => x.regionCode))].sort());
        expect(requestedFundingByRegion([...ps].reverse())).toEqual(rows);
      }),
    );
  });

  it('refuses a regional total beyond the safe-integer range', () => {
    expect(() =>
      requestedFundingByRegion([p('a', { requestedGrant: Number.MAX_SAFE_INTEGER }), p('b', { requestedGrant: 1 })]),
    ).toThrow(DomainError);
  });
});

describe('smeShareBps', () => {
  it('is the SME share of the funded partners’ requested grants in basis points, rounded down', () => {
    expect(
      smeShareBps([p('a', { requestedGrant: 1 }), p('b', { organisationType: 'UNIVERSITY', requestedGrant: 2 })]),
    ).toBe(3333);
    expect(
      smeShareBps([p('a', { requestedGrant: 2 }), p('b', { organisationType: 'UNIVERSITY', requestedGrant: 1 })]),
    ).toBe(6666);
    expect(smeShareBps([p('a', { requestedGrant: 5 })])).toBe(10_000);
    expect(smeShareBps([p('a', { organisationType: 'RESEARCH_ORG', requestedGrant: 5 })])).toBe(0);
    expect(
      smeShareBps([
        p('a', { funded: false, requestedGrant: 5 }),
        p('b', { organisationType: 'UNIVERSITY', requestedGrant: 5 }),
      ]),
    ).toBe(0);
    expect(smeShareBps([])).toBe(0);
    expect(smeShareBps([p('a', { requestedGrant: 0 })])).toBe(0);
  });

  it('stays within 0–10 000 and is the exact floor', () => {
    fc.assert(
      fc.property(partners, (ps) => {
        const share = smeShareBps(ps);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(10_000);
        const funded = ps.filter((x) => x.funded);
        const total = BigInt(funded.reduce((s, x) => s + x.requestedGrant, 0));
        const sme = BigInt(
          funded.filter((x) => x.organisationType === 'SME').reduce((s, x) => s + x.requestedGrant, 0),
        );
        if (total === 0n) expect(share).toBe(0);
        else {
          const r = sme * 10_000n - BigInt(share) * total;
          expect(r >= 0n && r < total).toBe(true);
        }
      }),
    );
  });
});
