import { paramsMissingFromMessage } from '../../../test/utils/params-in-message';
import { assertCallState, assertCallTransition } from './calls/call-lifecycle';
import { toEurReference } from './calls/budget';
import { toZonedIso } from './calls/zoned-time';
import { DomainError, type ProblemParams, type Violation } from './domain-error';
import { checkRedressRequest, redressEffect } from './evaluation/redress';
import { toHalfPoints, validateCriterionScores } from './evaluation/review-scores';
import { evaluationStage } from './evaluation/evaluation-stage';
import { checkFullProposalConsistency } from './evaluation/full-proposal-consistency';
import { splitGrant } from './funding/instalments';
import { resplitInstalments, validateAmendment } from './monitoring/amendments';
import { confirmInstalmentPayment } from './monitoring/instalment-release';
import { validateJointReport } from './monitoring/joint-report';
import { checkLedgerInvariants } from './monitoring/ledger';
import { applyMilestoneEvent } from './monitoring/milestone-state';
import { applyProjectEvent } from './monitoring/project-state';
import { checkAnnex } from './proposals/regional-annex.rules';
import { assertProposalTransition } from './proposals/proposal-lifecycle';

/** The refusal `fn` throws (a DomainError), as the `{ code, message, params }` the API sends. */
function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

const named = (
  refusals: ReadonlyArray<{ code: string; message: string; params?: ProblemParams }>,
): Array<{ code: string; missing: string[] }> =>
  refusals.map((r) => ({ code: r.code, missing: paramsMissingFromMessage(r) }));

const criteria = [
  { name: 'Excellence', weight: 1, threshold: 3 },
  { name: 'Impact', weight: 1, threshold: 3 },
];

/**
 * Refusals across the domain, each with the params it must carry: every value is named in the English
 * message (so the params are right), and the listed keys are there (so none is forgotten).
 */
const CASES: Array<{
  name: string;
  refusals: () => ReadonlyArray<{ code: string; message: string; params?: ProblemParams }>;
  keys: Record<string, string[]>;
}> = [
  {
    name: 'review scores',
    refusals: () =>
      validateCriterionScores(
        criteria,
        [
          { criterion: 'Originality', score: 3, comment: 'x' },
          { criterion: 'Excellence', score: 7, comment: 'x'.repeat(5001) },
          { criterion: 'Excellence', score: 3.3, comment: 'x' },
        ],
        { complete: true, rule: 'V6' },
      ),
    keys: {
      UNKNOWN_CRITERION: ['criterion', 'allowed'],
      SCORE_OUT_OF_RANGE: ['actual', 'min', 'max'],
      COMMENT_TOO_LONG: ['max', 'actual'],
      DUPLICATE_CRITERION: ['criterion'],
      SCORE_NOT_HALF_STEP: ['actual', 'step'],
      MISSING_CRITERION: ['criterion'],
    },
  },
  {
    name: 'a score, a stage',
    refusals: () => [
      thrown(() => toHalfPoints(5.5)),
      thrown(() => evaluationStage({ stages: 1, criteria, overallThreshold: 6 }, 2)),
    ],
    keys: { INVALID_SCORE: ['actual', 'min', 'max', 'step'], INVALID_STAGE: ['stages', 'stage'] },
  },
  {
    name: 'redress',
    refusals: () => [
      ...checkRedressRequest({
        now: '2027-03-01T00:00:00Z',
        resultAt: '2027-01-01T00:00:00Z',
        stage: 1,
        requesterIsCoordinator: true,
        filedStages: [1],
        grounds: 'x'.repeat(10_001),
      }).violations,
      thrown(() => redressEffect('MAYBE' as never, false)),
    ],
    keys: {
      REDRESS_WINDOW_CLOSED: ['days', 'deadline'],
      REDRESS_ALREADY_FILED: ['stage'],
      GROUNDS_TOO_LONG: ['max'],
      INVALID_REDRESS_OUTCOME: ['allowed'],
    },
  },
  {
    name: 'a full proposal against its pre-proposal',
    refusals: () =>
      checkFullProposalConsistency([{ organisationId: 'org-a', role: 'COORDINATOR' }], [
        { organisationId: 'org-b', role: 'COORDINATOR' },
      ] as never).violations,
    keys: { COORDINATOR_CHANGED: ['expected', 'actual'] },
  },
  {
    name: 'amendments',
    refusals: () =>
      validateAmendment(
        {
          durationMonths: 24,
          milestones: [
            { index: 1, dueMonth: 6, state: 'ACCEPTED' },
            { index: 2, dueMonth: 20 },
          ],
          partners: [
            { organisationId: 'org-a', regionCode: 'ITC4', role: 'COORDINATOR', grant: 1000, released: 300 },
            { organisationId: 'org-b', regionCode: 'ITC4', grant: 500, released: 0 },
            { organisationId: 'org-c', regionCode: 'CH02', grant: 500, released: 0 },
          ],
          regionCurrencies: { ITC4: 'EUR', CH02: 'CHF' },
        },
        {
          durationMonths: 12,
          milestoneChanges: [
            { milestoneIndex: 1, newDueMonth: 30 },
            { milestoneIndex: 9, newDueMonth: 3 },
          ],
          budgetShifts: [
            {
              regionCode: 'ITC4',
              currency: 'EUR',
              fromOrganisationId: 'org-a',
              toOrganisationId: 'org-b',
              amount: 800,
            },
            { regionCode: 'ITC4', currency: 'CHF', fromOrganisationId: 'org-b', toOrganisationId: 'org-c', amount: 1 },
            {
              regionCode: 'ITC4',
              currency: 'EUR',
              fromOrganisationId: 'org-b',
              toOrganisationId: 'org-a',
              amount: 5000,
            },
          ],
          addPartners: [{ organisationId: 'org-b', regionCode: 'AT31', currency: 'EUR', grant: 1 }],
          removePartners: ['org-a', 'org-z'],
        },
      ),
    keys: {
      DUE_MONTH_AFTER_PROJECT_END: ['actual', 'max'],
      UNKNOWN_MILESTONE: ['milestone'],
      MILESTONE_AFTER_PROJECT_END: ['milestone', 'actual'],
      PARTNER_ALREADY_IN_PROJECT: ['organisationId'],
      UNKNOWN_REGION: ['regionCode'],
      GRANT_BELOW_RELEASED: ['organisationId', 'limit', 'currency'],
      WRONG_CURRENCY: ['regionCode', 'currency'],
      PARTNER_OUTSIDE_REGION: ['organisationId', 'regionCode', 'expected'],
      NEGATIVE_GRANT: ['organisationId', 'amount', 'currency'],
      PARTNER_HAS_RELEASED_MONEY: ['organisationId', 'amount', 'currency'],
      UNKNOWN_PARTNER: ['organisationId'],
    },
  },
  {
    name: 'instalments and grants',
    refusals: () => [
      thrown(() => resplitInstalments(100, [{ id: 'i1', state: 'PAID', shareBps: 10_000, amount: 300 }])),
      thrown(() => resplitInstalments(500, [{ id: 'i1', state: 'PAID', shareBps: 10_000, amount: 300 }])),
      ...thrown(() => splitGrant(100, [{ trigger: { kind: 'FINAL_REPORT' }, shareBps: 9000 }])).violations,
      thrown(() =>
        confirmInstalmentPayment({
          id: 'inst-1',
          regionCode: 'ITC4',
          currency: 'EUR',
          amount: 1,
          trigger: { kind: 'FINAL_REPORT' },
          state: 'SCHEDULED',
        }),
      ),
    ],
    keys: {
      GRANT_BELOW_RELEASED: ['amount', 'limit'],
      NO_SCHEDULED_INSTALMENT: ['amount'],
      SHARES_NOT_10000_BPS: ['actual'],
      ILLEGAL_INSTALMENT_TRANSITION: ['instalmentId', 'state', 'allowed'],
    },
  },
  {
    name: 'joint reports and the ledger',
    refusals: () => [
      ...validateJointReport(
        [{ code: 'JOBS', name: 'Jobs', unit: 'FTE', kind: 'COUNT', aggregation: 'SUM' }],
        [
          { organisationId: 'org-a', regionCode: 'ITC4', extraReportFields: ['Regional jobs'] },
          { organisationId: 'org-b', regionCode: 'AT31', extraReportFields: [] },
        ],
        {
          kpiValues: { NOPE: 1 },
          partnerParts: [{ organisationId: 'org-a', extraFields: { Other: 'x' } }, { organisationId: 'org-x' }],
        },
      ),
      ...checkLedgerInvariants([
        { regionCode: 'ITC4', currency: 'EUR', kind: 'ALLOCATED', amount: 100 },
        { regionCode: 'ITC4', currency: 'EUR', kind: 'RELEASED', amount: 150 },
        { regionCode: 'ITC4', currency: 'EUR', kind: 'PAID', amount: 200 },
      ] as never),
    ],
    keys: {
      UNKNOWN_KPI: ['kpiCode'],
      NOT_A_FUNDED_PARTNER: ['organisationId'],
      EXTRA_FIELD_REQUIRED: ['regionCode', 'name'],
      UNKNOWN_EXTRA_FIELD: ['regionCode', 'name'],
      PARTNER_PART_MISSING: ['organisationId', 'regionCode'],
      RELEASED_EXCEEDS_ALLOCATED: ['regionCode', 'amount', 'limit', 'currency'],
      PAID_EXCEEDS_RELEASED: ['regionCode', 'amount', 'limit', 'currency'],
    },
  },
  {
    name: 'state conflicts',
    refusals: () => [
      thrown(() => assertCallState('OPEN', ['DRAFT', 'FUND_ALIGNMENT'], 'editing')),
      thrown(() => assertCallTransition('DECIDED', 'OPEN')),
      thrown(() => assertProposalTransition('FUNDED', 'DRAFT')),
      thrown(() =>
        applyMilestoneEvent(
          { index: 2, state: 'ACCEPTED', dueAt: '2027-07-01T00:00:00Z', overdueAt: '2027-07-31T00:00:00Z' },
          { kind: 'REPORT_ACCEPTED', at: '2027-07-01T00:00:00Z' } as never,
        ),
      ),
      thrown(() => applyProjectEvent('TERMINATED', { kind: 'RESUME' })),
      thrown(() =>
        applyProjectEvent('ACTIVE', {
          kind: 'COMPLETE',
          finalReportAccepted: true,
          instalments: [{ id: 'inst-9', state: 'RELEASED' }],
        }),
      ),
    ],
    keys: {
      CALL_STATE_CONFLICT: ['state', 'allowed', 'action'],
      ILLEGAL_CALL_TRANSITION: ['state', 'target'],
      ILLEGAL_PROPOSAL_TRANSITION: ['state', 'target'],
      ILLEGAL_MILESTONE_TRANSITION: ['milestone', 'state', 'event', 'allowed'],
      ILLEGAL_PROJECT_TRANSITION: ['state', 'event', 'allowed'],
      PROJECT_NOT_COMPLETE: ['count'],
    },
  },
  {
    name: 'annexes, money and time',
    refusals: () => [
      ...checkAnnex({ fields: { Extra: 'x' }, documents: {} }, {
        fields: ['VAT status'],
        documents: ['Statute'],
        dueDaysAfterDeadline: 14,
      } as never),
      thrown(() => toEurReference(100, 'CHF', {})),
      thrown(() => toEurReference(1.5, 'EUR', {})),
      thrown(() => toZonedIso('2027-01-01T00:00:00Z', 'Mars/Olympus')),
      thrown(() => toZonedIso('yesterday', 'Europe/Rome')),
    ],
    keys: {
      ANNEX_FIELD_MISSING: ['name'],
      ANNEX_DOCUMENT_MISSING: ['name'],
      ANNEX_FIELD_UNKNOWN: ['name'],
      MISSING_REFERENCE_RATE: ['currency'],
      INVALID_AMOUNT: ['actual'],
      INVALID_TIME_ZONE: ['actual'],
      INVALID_INSTANT: ['actual'],
    },
  },
];

describe('refusal params across the domain', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: every param is named in the message, and the expected ones are there',
    (_name, c) => {
      const refusals = c.refusals();
      expect(named(refusals)).toEqual(refusals.map((r) => ({ code: r.code, missing: [] })));
      for (const [code, keys] of Object.entries(c.keys)) {
        const found = refusals.filter((r) => r.code === code);
        expect({ code, found: found.length > 0 }).toEqual({ code, found: true });
        for (const r of found)
          expect({ code, keys: Object.keys(r.params ?? {}).sort() }).toEqual({
            code,
            keys: expect.arrayContaining(keys),
          });
      }
    },
  );

  it('names every violation value of a thrown aggregate too', () => {
    const error = thrown(() =>
      applyProjectEvent('ACTIVE', {
        kind: 'COMPLETE',
        finalReportAccepted: false,
        instalments: [{ id: 'inst-1', state: 'SCHEDULED' }],
      }),
    );
    expect(error.params).toEqual({ count: 2 });
    const violations: readonly Violation[] = error.violations;
    expect(violations.find((v) => v.code === 'INSTALMENT_NOT_PAID')?.params).toEqual({
      instalmentId: 'inst-1',
      state: 'SCHEDULED',
    });
  });
});
