import { DataSource } from 'typeorm';
import { checkLedgerInvariants, type LedgerKind } from '@app/domain';
import { BudgetLedgerRepository, GrantRepository } from '@app/persistence';
import { decidedCallOverHttp } from '../utils/decided-call';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/**
 * The monitoring ledger's invariants on PostgreSQL: per region released ≤ allocated and paid ≤
 * released — held by the commitment's running totals under its row lock and the database's CHECKs, also
 * when confirmations race on separate connections.
 */
describe('ledger invariants: released ≤ allocated, paid ≤ released per region', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;

  async function decided() {
    const fixture = await decidedCallOverHttp(env(), url(), ['L1', 'L2']);
    const instalments = await queryRows<{
      id: string;
      regionCode: string;
      amount: string;
      proposalId: string;
      organisationId: string;
    }>(
      url(),
      `SELECT i.id, g.region_code AS "regionCode", i.amount, g.proposal_id AS "proposalId", g.organisation_id
          AS "organisationId"
         FROM instalment i JOIN funding_grant g ON g.id = i.grant_id WHERE g.call_id = $1
           ORDER BY g.region_code, g.proposal_id, i.seq`,
      [fixture.callId],
    );
    return { ...fixture, instalments };
  }

  const totals = (callId: string) =>
    queryRows<{
      regionCode: string;
      allocated: string;
      released: string;
      paid: string;
      releasedEntries: string;
      paidEntries: string;
    }>(
      url(),
      `SELECT c.region_code AS "regionCode", c.allocated_total AS allocated, c.released_total AS released, c.paid_total
          AS paid,
              COALESCE(sum(e.amount) FILTER (WHERE e.kind = 'RELEASED'), 0) AS "releasedEntries", COALESCE(sum(e.amount)
                FILTER (WHERE e.kind = 'PAID'), 0) AS "paidEntries"
         FROM fund_commitment c LEFT JOIN budget_ledger_entry e ON e.commitment_id = c.id AND e.superseded_at IS NULL
        WHERE c.call_id = $1 GROUP BY c.id ORDER BY c.region_code`,
      [callId],
    );

  it('refuses any write that would break them, whatever path writes', async () => {
    const { callId } = await decided();
    await expect(
      queryRows(url(), 'UPDATE fund_commitment SET released_total = allocated_total + 1 WHERE call_id = $1', [callId]),
    ).rejects.toThrow(/fund_commitment_released_within_allocated/);
    await expect(
      queryRows(url(), 'UPDATE fund_commitment SET paid_total = released_total + 1 WHERE call_id = $1', [callId]),
    ).rejects.toThrow(/fund_commitment_paid_within_released/);
  }, 120_000);

  it('never releases more than is allocated: a withdrawn grant’s money cannot go out', async () => {
    const { callId, instalments } = await decided();
    const dataSource = env().app.get(DataSource);
    const ledger = env().app.get(GrantRepository);
    const ith2 = instalments.filter((i) => i.regionCode === 'ITH2');
    // One ITH2 grant is withdrawn before any money moved (F5): the region's allocation drops by it.
    await dataSource.transaction((m) =>
      env().app.get(BudgetLedgerRepository).releaseAllocation(m, ith2[0].proposalId, ith2[0].organisationId),
    );
    const release = dataSource.transaction((m) =>
      ledger.release(
        m,
        ith2.map((i) => i.id),
        new Date().toISOString(),
      ),
    );
    await expect(release).rejects.toMatchObject({ code: 'RELEASED_EXCEEDS_ALLOCATED' });
    // Nothing was written: the transaction rolled back as a whole.
    const [row] = (await totals(callId)).filter((t) => t.regionCode === 'ITH2');
    expect([row.released, row.releasedEntries]).toEqual(['0', '0']);
  }, 120_000);

  it('keeps totals and entries equal and within bounds under concurrent releases and confirmations', async () => {
    const { callId, instalments } = await decided();
    const dataSource = env().app.get(DataSource);
    const ledger = env().app.get(GrantRepository);
    const at = new Date().toISOString();
    // Releases race in overlapping batches; each instalment is released exactly once.
    const batches = [instalments.slice(0, 8), instalments.slice(4, 12), instalments.slice(2, 10)];
    const released = (
      await Promise.all(
        batches.map((b) =>
          dataSource.transaction((m) =>
            ledger.release(
              m,
              b.map((i) => i.id),
              at,
            ),
          ),
        ),
      )
    ).flat();
    expect(released.map((r) => r.instalmentId).sort()).toEqual(instalments.map((i) => i.id).sort());
    // Every instalment confirmed three times at once: one confirmation each wins, the others are refused with 409.
    const attempts = instalments
      .flatMap((i) => [i, i, i])
      .map((i) =>
        dataSource
          .transaction((m) => ledger.confirmPayment(m, i.id, () => true))
          .then(
            () => 'PAID',
            (error: { code?: string }) => error.code ?? 'ERROR',
          ),
      );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o === 'PAID')).toHaveLength(instalments.length);
    expect(outcomes.filter((o) => o !== 'PAID').every((o) => o === 'ILLEGAL_INSTALMENT_TRANSITION')).toBe(true);
    // The domain's invariants over the live entries themselves (an independent check of the running totals).
    const entries = await queryRows<{ regionCode: string; currency: string; kind: string; amount: string }>(
      url(),
      'SELECT region_code AS "regionCode", currency, kind, amount FROM budget_ledger_entry ' +
        "WHERE call_id = $1 AND superseded_at IS NULL AND kind <> 'PROPOSED'",
      [callId],
    );
    expect(
      checkLedgerInvariants(
        entries.map((e) => ({
          regionCode: e.regionCode,
          currency: e.currency,
          kind: e.kind as LedgerKind,
          amount: Number(e.amount),
        })),
      ),
    ).toEqual([]);
    for (const t of await totals(callId)) {
      const expected = instalments
        .filter((i) => i.regionCode === t.regionCode)
        .reduce((s, i) => s + Number(i.amount), 0);
      expect([t.released, t.releasedEntries, t.paid, t.paidEntries]).toEqual([
        String(expected),
        String(expected),
        String(expected),
        String(expected),
      ]);
      expect(BigInt(t.released) <= BigInt(t.allocated)).toBe(true);
      expect(BigInt(t.paid) <= BigInt(t.released)).toBe(true);
    }
  }, 120_000);
});
