import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, CallEndFactsReadModel, RedressRepository } from '@app/persistence';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;

/**
 * The call's last redress window (V9) on real PostgreSQL: `latestUnchallengedResultAt` reads for a whole call what
 * `resultIssuedAt` reads for one proposal — the latest result of a proposal that has filed no request for its stage —
 * and the call's end facts close the window 30 days and an hour after it.
 */
describe('the call’s last redress window', () => {
  let dataSource: DataSource;
  const redress = new RedressRepository();
  const facts = new CallEndFactsReadModel(redress);
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    dataSource = await new DataSource(buildDataSourceOptions({ url: url(), poolSize: 2 })).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('is the latest unchallenged result of the call, as resultIssuedAt defines each one', async () => {
    const fixture = await rankedCallFixture(url(), ['OLD', 'NEW', 'OUT', 'WAIT']);
    const [old, recent, out, waiting] = fixture.proposals;
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
    // The decision went out 5 days ago; NEW's consensus was revised after it (an upheld redress): its result is later.
    await queryRows(
      url(),
      `INSERT INTO funding_decision (id, call_id, revision, status, policy, summary, created_by, decided_at)
         VALUES ($1, $2, 1, 'APPROVED', 'CONTINUE_PAST_GAPS', '{}', $3, $4)`,
      [randomUUID(), fixture.callId, fixture.pmId, at(5)],
    );
    await queryRows(url(), "UPDATE joint_call SET state = 'DECIDED' WHERE id = $1", [fixture.callId]);
    await queryRows(url(), "UPDATE proposal SET state = 'NOT_FUNDED' WHERE id = ANY($1)", [[old.id, recent.id]]);
    await queryRows(url(), 'UPDATE proposal_evaluation SET consensus_at = $2 WHERE proposal_id = $1', [old.id, at(9)]);
    await queryRows(url(), 'UPDATE proposal_evaluation SET consensus_at = $2 WHERE proposal_id = $1', [
      recent.id,
      at(2),
    ]);
    // OUT was found ineligible 1 day ago; WAIT is still being re-checked (no result).
    await queryRows(url(), "UPDATE proposal SET state = 'INELIGIBLE' WHERE id = $1", [out.id]);
    await queryRows(
      url(),
      `INSERT INTO audit_event (occurred_at, action, entity_type, entity_id) VALUES ($1, 'proposal.ineligible', 'proposal', $2)`,
      [at(1), out.id],
    );
    await queryRows(url(), "UPDATE proposal SET state = 'ELIGIBILITY_CHECK' WHERE id = $1", [waiting.id]);

    const perProposal = async () =>
      dataSource.transaction(async (tx) => {
        const filed = new Set(
          (await tx.query('SELECT proposal_id FROM redress_request WHERE call_id = $1', [fixture.callId])).map(
            (r: { proposal_id: string }) => r.proposal_id,
          ),
        );
        const results = await Promise.all(
          fixture.proposals.filter((p) => !filed.has(p.id)).map((p) => redress.resultIssuedAt(tx, p.id, 1)),
        );
        const times = results.filter((r): r is Date => r !== null).map((r) => r.getTime());
        return times.length ? Math.max(...times) : null;
      });
    const ofCall = async () =>
      (await dataSource.transaction((tx) => redress.latestUnchallengedResultAt(tx, fixture.callId)))?.getTime() ?? null;

    // OUT's ineligibility is the latest result; the call's window closes 30 days and an hour after it.
    expect(await ofCall()).toBe(await perProposal());
    expect(await ofCall()).toBe(at(1).getTime());
    const loaded = await dataSource.transaction((tx) => facts.load(tx, fixture.callId));
    expect(loaded?.redressWindowClosesAt).toBe(new Date(at(1).getTime() + 30 * DAY + 3_600_000).toISOString());

    // OUT files its request: the latest unchallenged result is NEW's revised consensus (after the decision).
    await queryRows(
      url(),
      `INSERT INTO redress_request (id, proposal_id, call_id, stage_no, filed_by, grounds, result_at, filed_at)
         VALUES ($1, $2, $3, 1, $4, 'grounds', $5, now())`,
      [randomUUID(), out.id, fixture.callId, out.coordinator.userId, at(1)],
    );
    expect(await ofCall()).toBe(await perProposal());
    expect(await ofCall()).toBe(at(2).getTime());

    // NEW and OLD file too: no result is left to challenge.
    for (const p of [recent, old])
      await queryRows(
        url(),
        `INSERT INTO redress_request (id, proposal_id, call_id, stage_no, filed_by, grounds, result_at, filed_at)
           VALUES ($1, $2, $3, 1, $4, 'grounds', $5, now())`,
        [randomUUID(), p.id, fixture.callId, p.coordinator.userId, at(2)],
      );
    expect(await ofCall()).toBeNull();
    expect(await perProposal()).toBeNull();
    expect((await dataSource.transaction((tx) => facts.load(tx, fixture.callId)))?.redressWindowClosesAt).toBeNull();
  }, 120_000);
});
