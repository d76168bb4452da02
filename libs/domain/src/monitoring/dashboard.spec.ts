import fc from 'fast-check';
import { PROPOSAL_STATES } from '../proposals/proposal-model';
import { budgetByRegion, fundingByTransformativeActivity, milestonePunctuality, proposalFunnel } from './dashboard';

describe('dashboard aggregation (M5)', () => {
  it('budget per region and currency, sorted', () => {
    expect(
      budgetByRegion([
        { regionCode: 'ITC4', currency: 'EUR', kind: 'COMMITTED', amount: 1_000_000 },
        { regionCode: 'CH02', currency: 'CHF', kind: 'COMMITTED', amount: 500_000 },
        { regionCode: 'ITC4', currency: 'EUR', kind: 'ALLOCATED', amount: 400_000 },
        { regionCode: 'ITC4', currency: 'EUR', kind: 'RELEASED', amount: 120_000 },
        { regionCode: 'ITC4', currency: 'EUR', kind: 'PAID', amount: 120_000 },
        { regionCode: 'ITC4', currency: 'EUR', kind: 'ALLOCATED', amount: 100_000 },
      ]),
    ).toEqual([
      { regionCode: 'CH02', currency: 'CHF', committed: '500000', allocated: '0', released: '0', paid: '0' },
      {
        regionCode: 'ITC4',
        currency: 'EUR',
        committed: '1000000',
        allocated: '500000',
        released: '120000',
        paid: '120000',
      },
    ]);
  });

  it('the proposal funnel: submitted → eligible → above threshold → funded', () => {
    expect(
      proposalFunnel([
        'DRAFT',
        'SUBMITTED',
        'WITHDRAWN',
        'INELIGIBLE',
        'IN_REVIEW',
        'BELOW_THRESHOLD',
        'RESERVE',
        'NOT_FUNDED',
        'FUNDED',
        'FUNDED',
      ]),
    ).toEqual({
      submitted: 9,
      eligible: 6,
      aboveThreshold: 4,
      funded: 2,
    });
  });

  it('property: funnel counts never increase along the funnel and do not depend on order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PROPOSAL_STATES), { maxLength: 60 }), (states) => {
        const f = proposalFunnel(states);
        expect(f.submitted).toBeLessThanOrEqual(states.length);
        expect(f.eligible).toBeLessThanOrEqual(f.submitted);
        expect(f.aboveThreshold).toBeLessThanOrEqual(f.eligible);
        expect(f.funded).toBeLessThanOrEqual(f.aboveThreshold);
        expect(proposalFunnel([...states].reverse())).toEqual(f);
      }),
    );
  });

  it('milestone punctuality at now', () => {
    const due = { dueAt: '2027-10-01T00:00:00+02:00', overdueAt: '2027-10-08T00:00:00+02:00' };
    expect(
      milestonePunctuality(
        [
          { ...due, firstReportedAt: '2027-09-30T12:00:00+02:00' },
          { ...due, firstReportedAt: '2027-10-02T12:00:00+02:00' },
          due,
          { dueAt: '2027-11-01T00:00:00+01:00', overdueAt: '2027-11-08T00:00:00+01:00' },
          { dueAt: '2027-10-05T00:00:00+02:00', overdueAt: '2027-10-12T00:00:00+02:00' },
        ],
        '2027-10-10T00:00:00+02:00',
      ),
    ).toEqual({ ON_TIME: 1, LATE: 1, OVERDUE: 1, IN_GRACE: 1, NOT_DUE: 1 });
  });

  it('funding per transformative activity, each project in full under each activity it names', () => {
    expect(
      fundingByTransformativeActivity([
        {
          transformativeActivityCodes: ['TA2', 'TA1', 'TA1'],
          money: [
            { currency: 'EUR', allocated: 100, paid: 30 },
            { currency: 'CHF', allocated: 50, paid: 0 },
          ],
        },
        { transformativeActivityCodes: ['TA1'], money: [{ currency: 'EUR', allocated: 10, paid: 10 }] },
      ]),
    ).toEqual([
      { activityCode: 'TA1', currency: 'CHF', allocated: '50', paid: '0', projects: 1 },
      { activityCode: 'TA1', currency: 'EUR', allocated: '110', paid: '40', projects: 2 },
      { activityCode: 'TA2', currency: 'CHF', allocated: '50', paid: '0', projects: 1 },
      { activityCode: 'TA2', currency: 'EUR', allocated: '100', paid: '30', projects: 1 },
    ]);
  });
});
