import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { BudgetLedgerRepository, buildDataSourceOptions, CallRepository, isOverdraft } from '@app/persistence';
import { createApplicantOrganisation, createUser, openCallFixture, terms } from '../utils/call-fixtures';
import { queryRows } from '../utils/reset-database';
import { eligibleProposal } from '../utils/review-fixtures';
import { testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;

/**
 * SPEC F2 on real PostgreSQL: many concurrent ledger writes and commitment cuts against one region —
 * proposals held, allocations, cuts of the amount — never overdraw it. The writes take the commitments'
 * row locks; the CHECK on the commitment backs them (shown by a write that skips the lock).
 */
describe('the budget ledger under concurrency', () => {
  let dataSource: DataSource;
  const ledger = new BudgetLedgerRepository();
  const calls = new CallRepository();
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions({ url: url(), poolSize: 12 })).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  async function oneRegionCall(amount: number) {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() - 40 * DAY),
    });
    await queryRows(
      url(),
      "UPDATE fund_commitment SET amount = $2, flexibility = 5000, currency = 'EUR' WHERE call_id = $1",
      [callId, amount],
    );
    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const partner = await createApplicantOrganisation(url(), 'AT31');
    const proposalId = await eligibleProposal(url(), callId, {
      acronym: 'LEDGER',
      topic: 'robotics',
      keywords: [],
      partners: [
        { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
        { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
      ],
    });
    const [commitment] = await queryRows<{ id: string }>(
      url(),
      "SELECT id FROM fund_commitment WHERE call_id = $1 AND region_code = 'ITH2'",
      [callId],
    );
    return {
      callId,
      agency: agencies[0],
      proposalId,
      organisationId: coordinator.organisationId,
      commitmentId: commitment.id,
    };
  }

  const totals = async (commitmentId: string) =>
    (
      await queryRows<{ amount: string; proposed_total: string; allocated_total: string; live: string }>(
        url(),
        `SELECT c.amount, c.proposed_total, c.allocated_total,
              (SELECT COALESCE(sum(amount), 0) FROM budget_ledger_entry e WHERE e.commitment_id = c.id
                AND e.superseded_at IS NULL AND e.kind IN ('PROPOSED','ALLOCATED')) AS live
         FROM fund_commitment c WHERE c.id = $1`,
        [commitmentId],
      )
    ).map((r) => ({
      amount: Number(r.amount),
      held: Number(r.proposed_total) + Number(r.allocated_total),
      live: Number(r.live),
    }))[0];

  it(`40 concurrent holds of 10.00 on a region of 100.00 plus 50.00 usable flexibility: exactly 15 succeed, \
the others are refused, the totals match the entries`, async () => {
    const f = await oneRegionCall(100_00);
    await queryRows(url(), 'UPDATE fund_commitment SET flexibility_usable = true WHERE id = $1', [f.commitmentId]);
    const attempt = (i: number) =>
      dataSource.transaction(async (m) => {
        await ledger.lockCommitments(m, f.callId);
        await ledger.propose(m, f.callId, null, [
          {
            commitmentId: f.commitmentId,
            regionCode: 'ITH2',
            proposalId: f.proposalId,
            organisationId: f.organisationId,
            amount: 10_00,
            currency: 'EUR',
          },
        ]);
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => attempt(i)));
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(15);
    expect(refused).toHaveLength(25);
    expect(refused.every((r) => (r.reason as { code?: string }).code === 'BUDGET_OVERDRAWN')).toBe(true);
    expect(await totals(f.commitmentId)).toEqual({ amount: 100_00, held: 150_00, live: 150_00 });
  });

  it(`allocations racing cuts of the commitment never leave it below what is \
held; a cut below is refused`, async () => {
    const f = await oneRegionCall(200_00);
    const hold = () =>
      dataSource.transaction(async (m) => {
        await ledger.lockCommitments(m, f.callId);
        await ledger.propose(m, f.callId, null, [
          {
            commitmentId: f.commitmentId,
            regionCode: 'ITH2',
            proposalId: f.proposalId,
            organisationId: f.organisationId,
            amount: 20_00,
            currency: 'EUR',
          },
        ]);
      });
    // A cut takes the commitment's row lock like any ledger write; the CHECK alone refuses one below what is held.
    const cut = (amount: number) =>
      dataSource.transaction(async (m) => {
        await calls.commitment(m, f.callId, f.agency.id, true);
        try {
          await calls.transitionCommitmentTerms(m, f.callId, f.agency.id, terms(amount), 'CONFIRMED');
        } catch (error) {
          throw isOverdraft(error) ? Object.assign(new Error('below held'), { code: 'BELOW_ALLOCATED' }) : error;
        }
      });
    const work = [
      ...Array.from({ length: 12 }, () => hold()),
      ...[150_00, 120_00, 90_00, 60_00, 180_00, 200_00].map((a) => cut(a)),
    ];
    const results = await Promise.allSettled(work);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(['BUDGET_OVERDRAWN', 'BELOW_ALLOCATED']).toContain((r.reason as { code?: string }).code);
    }
    const final = await totals(f.commitmentId);
    const [{ ceiling }] = await queryRows<{ ceiling: string }>(
      url(),
      'SELECT amount + CASE WHEN flexibility_usable THEN flexibility ELSE 0 END AS ceiling FROM fund_commitment ' +
        'WHERE id = $1',
      [f.commitmentId],
    );
    expect(final.held).toBe(final.live);
    expect(final.held).toBeLessThanOrEqual(Number(ceiling));
    // The work raced is done: no cut goes below 60.00, so at least three holds always fit, each held once, and the
    // raise back to 200.00 is never refused.
    const holds = results.slice(0, 12).filter((r) => r.status === 'fulfilled').length;
    expect(holds).toBeGreaterThanOrEqual(3);
    expect(final.held).toBe(holds * 20_00);
    expect(results[12 + 5].status).toBe('fulfilled');
  });

  it(`the database refuses an overdraft even from a write that skips the locks and the rule (CHECK \
fund_commitment_never_overdrawn)`, async () => {
    const f = await oneRegionCall(100_00);
    // Flexibility the call does not let the region use does not count.
    await queryRows(url(), 'UPDATE fund_commitment SET flexibility_usable = false WHERE id = $1', [f.commitmentId]);
    let caught: unknown;
    try {
      await dataSource.query('UPDATE fund_commitment SET allocated_total = 10001 WHERE id = $1', [f.commitmentId]);
    } catch (error) {
      caught = error;
    }
    expect(isOverdraft(caught)).toBe(true);
    let cutCaught: unknown;
    await dataSource.query('UPDATE fund_commitment SET allocated_total = 8000 WHERE id = $1', [f.commitmentId]);
    try {
      await dataSource.query('UPDATE fund_commitment SET amount = 7999 WHERE id = $1', [f.commitmentId]);
    } catch (error) {
      cutCaught = error;
    }
    expect(isOverdraft(cutCaught)).toBe(true);
  });
});
