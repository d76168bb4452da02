import { randomUUID } from 'node:crypto';
import { Workbook } from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEFAULT_KPI_FRAMEWORK, type KpiIndicator } from '@app/domain';
import { GrantRepository } from '@app/persistence';
import { createAgency, createApplicantOrganisation, createUser } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { decidedCallOverHttp } from '../utils/decided-call';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DAY = 86_400_000;

type BudgetRow = {
  callId?: string | null;
  callTitle?: string | null;
  regionCode: string;
  currency: string;
  committed: string;
  allocated: string;
  released: string;
  paid: string;
};
type KpiRow = {
  grouping: string;
  group: string;
  code: string;
  target: number | null;
  targetProjects: number;
  actual: number | null;
  actualProjects: number;
};

function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

function withoutCall({ callId: _callId, callTitle: _callTitle, ...row }: BudgetRow): BudgetRow {
  return row;
}

/** RFC 4180 without quoted fields (the budget table holds none): rows of cells. */
function csvRows(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split(','));
}

/**
 * The programme dashboard (SPEC M5, §9 `GET /calls/{id}/dashboard`): a decided call whose projects exist,
 * money moved through the real instalment ledger, one accepted report; the budget equals the ledger's sums
 * (computed here independently), the funnel, punctuality and KPI tables hold the expected counts, an agency
 * officer sees only its region's budget, outsiders get 404, and the CSV and XLSX downloads carry the same figures.
 */
describe('programme dashboard over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  it(`reports budget, funnel, punctuality, KPIs and activities per call and programme-wide, \
within each reader’s boundary`, async () => {
    const { callId, pmId, agencies, proposals } = await decidedCallOverHttp(env(), url());
    const pm = tokenFor(pmId);
    const [trento] = agencies;
    let projects: Array<{ id: string; acronym: string; proposalId: string }> = [];
    await expectEventually(async () => {
      projects = await queryRows(
        url(),
        'SELECT id, acronym, proposal_id AS "proposalId" FROM project WHERE call_id = $1 ORDER BY acronym',
        [callId],
      );
      expect(projects.map((p) => p.acronym)).toEqual(['ONE', 'TWO']);
    });
    const [one, two] = projects;

    // Targets and activities on the projects; the activities in the reference data.
    const activityA = `DASH-A-${randomUUID().slice(0, 6).toUpperCase()}`;
    const activityB = `DASH-B-${randomUUID().slice(0, 6).toUpperCase()}`;
    await queryRows(
      url(),
      'INSERT INTO transformative_activity (code, title, s3_domain, region_codes) ' +
        "VALUES ($1, 'Smart robotics', 'Industry 4.0', '{ITH2,AT31}'), " +
        "($2, 'Green logistics', 'Mobility', '{AT31}')",
      [activityA, activityB],
    );
    await queryRows(
      url(),
      'UPDATE project SET kpi_targets = \'{"SMES_INVOLVED": 3, "JOBS_CREATED": 2}\', ' +
        'transformative_activities = $2 WHERE id = $1',
      [one.id, [activityA, activityB]],
    );
    await queryRows(
      url(),
      'UPDATE project SET kpi_targets = \'{"SMES_INVOLVED": 5}\', transformative_activities = $2 WHERE id = $1',
      [two.id, [activityA]],
    );

    // Money through the real ledger: ONE's first instalments released in both regions, ITH2's paid.
    const dataSource = env().app.get(DataSource);
    const ledger = env().app.get(GrantRepository);
    const instalments: Array<{ id: string; regionCode: string; amount: string }> = await queryRows(
      url(),
      `SELECT i.id, g.region_code AS "regionCode", i.amount::text AS amount FROM instalment i JOIN funding_grant g
          ON g.id = i.grant_id
        WHERE g.proposal_id = $1 AND i.seq = 1 ORDER BY g.region_code`,
      [one.proposalId],
    );
    expect(instalments.map((i) => i.regionCode)).toEqual(['AT31', 'ITH2']);
    await dataSource.transaction(async (manager) => {
      expect(
        await ledger.release(
          manager,
          instalments.map((i) => i.id),
          new Date().toISOString(),
        ),
      ).toHaveLength(2);
    });
    const ith2Instalment = instalments.find((i) => i.regionCode === 'ITH2')!;
    await dataSource.transaction(async (manager) => {
      expect(await ledger.confirmPayment(manager, ith2Instalment.id, () => true)).toBeDefined();
    });

    // Punctuality: ONE's first milestone reported a day early, TWO's a day late; the second ones not yet.
    const milestones: Array<{ projectId: string; idx: number; dueAt: Date; overdueAt: Date }> = await queryRows(
      url(),
      'SELECT project_id AS "projectId", idx, due_at AS "dueAt", overdue_at AS "overdueAt" ' +
        'FROM project_milestone WHERE project_id = ANY($1) ORDER BY project_id, idx',
      [[one.id, two.id]],
    );
    expect(milestones).toHaveLength(4);
    const first = (projectId: string) => milestones.find((m) => m.projectId === projectId && m.idx === 0)!;
    await queryRows(url(), 'UPDATE project_milestone SET first_reported_at = $3 WHERE project_id = $1 AND idx = $2', [
      one.id,
      0,
      new Date(first(one.id).dueAt.getTime() - DAY),
    ]);
    await queryRows(url(), 'UPDATE project_milestone SET first_reported_at = $3 WHERE project_id = $1 AND idx = $2', [
      two.id,
      0,
      new Date(first(two.id).dueAt.getTime() + DAY),
    ]);

    // One accepted report with actuals for ONE (an older accepted one is superseded by it per indicator).
    const coordinatorId = proposals[0].coordinator.userId;
    const insertReport = (subject: string, seq: number, decidedAt: Date, values: Record<string, number>) =>
      queryRows(
        url(),
        `INSERT INTO project_report (id, project_id, kind, subject, period_sequence, from_month, to_month, revision,
            state, summary, kpi_values, submitted_by, submitted_at, decided_by, decided_at)
         VALUES ($1, $2, 'PERIODIC', $3, $4, 1, 6, 1, 'ACCEPTED', 'Progress', $5, $6, $7, $8, $7)`,
        [randomUUID(), one.id, subject, seq, JSON.stringify(values), coordinatorId, decidedAt, pmId],
      );
    await insertReport('P1', 1, new Date(Date.now() - 2 * DAY), { SMES_INVOLVED: 1, JOBS_CREATED: 0.5 });
    await insertReport('P2', 2, new Date(Date.now() - DAY), { SMES_INVOLVED: 2, JOBS_CREATED: 1.5 });

    // --- the call dashboard, programme manager ---
    const dashboard = await http().get(`/api/v1/calls/${callId}/dashboard`).auth(pm, { type: 'bearer' });
    expect(dashboard.status).toBe(200);
    const budget = dashboard.body.budget as BudgetRow[];

    // The budget equals the ledger's live sums, computed here independently; committed from the confirmed commitments.
    const expected: BudgetRow[] = (
      await queryRows<{
        regionCode: string;
        currency: string;
        committed: string;
        allocated: string;
        released: string;
        paid: string;
      }>(
        url(),
        `SELECT c.region_code AS "regionCode", c.currency, c.amount::text AS committed,
                COALESCE((SELECT sum(e.amount) FROM budget_ledger_entry e WHERE e.call_id = c.call_id
                  AND e.region_code = c.region_code AND e.kind = 'ALLOCATED' AND e.superseded_at IS NULL), 0)::text
                  AS allocated,
                COALESCE((SELECT sum(e.amount) FROM budget_ledger_entry e WHERE e.call_id = c.call_id
                  AND e.region_code = c.region_code AND e.kind = 'RELEASED' AND e.superseded_at IS NULL), 0)::text
                  AS released,
                COALESCE((SELECT sum(e.amount) FROM budget_ledger_entry e WHERE e.call_id = c.call_id
                  AND e.region_code = c.region_code AND e.kind = 'PAID' AND e.superseded_at IS NULL), 0)::text AS paid
           FROM fund_commitment c WHERE c.call_id = $1 AND c.status = 'CONFIRMED' ORDER BY c.region_code`,
        [callId],
      )
    ).map((r) => ({ ...r, currency: r.currency.trim() }));
    expect(budget).toEqual(expected);
    const released = Number(instalments[0].amount);
    expect(budget).toEqual([
      {
        regionCode: 'AT31',
        currency: 'EUR',
        committed: '100000',
        allocated: '100000',
        released: String(released),
        paid: '0',
      },
      {
        regionCode: 'ITH2',
        currency: 'EUR',
        committed: '100000',
        allocated: '100000',
        released: String(Number(ith2Instalment.amount)),
        paid: String(Number(ith2Instalment.amount)),
      },
    ]);
    for (const row of budget) {
      expect(BigInt(row.released)).toBeLessThanOrEqual(BigInt(row.allocated));
      expect(BigInt(row.paid)).toBeLessThanOrEqual(BigInt(row.released));
    }

    // Funnel: three ranked proposals, two funded; each has partners in both regions.
    expect(dashboard.body.funnel).toEqual([
      { group: 'ALL', submitted: 3, eligible: 3, aboveThreshold: 3, funded: 2 },
      { group: 'AT31', submitted: 3, eligible: 3, aboveThreshold: 3, funded: 2 },
      { group: 'ITH2', submitted: 3, eligible: 3, aboveThreshold: 3, funded: 2 },
    ]);

    // Punctuality now: one on time, one late, two not yet due; per region the same (both projects in both).
    const now = { onTime: 1, late: 1, overdue: 0, inGrace: 0, notDue: 2, total: 4 };
    expect(dashboard.body.punctuality).toEqual([
      { group: 'ALL', ...now },
      { group: 'AT31', ...now },
      { group: 'ITH2', ...now },
    ]);
    // At a chosen instant: a day after the second milestones' grace ended, both are overdue; in their grace, in grace.
    const second = milestones.find((m) => m.projectId === one.id && m.idx === 1)!;
    const later = await http()
      .get(`/api/v1/calls/${callId}/dashboard/punctuality`)
      .query({ at: new Date(second.overdueAt.getTime() + DAY).toISOString() })
      .auth(pm, { type: 'bearer' });
    expect(later.status).toBe(200);
    expect(later.body.rows[0]).toEqual({
      group: 'ALL',
      onTime: 1,
      late: 1,
      overdue: 2,
      inGrace: 0,
      notDue: 0,
      total: 4,
    });
    const inGrace = await http()
      .get(`/api/v1/calls/${callId}/dashboard/punctuality`)
      .query({ at: new Date(second.dueAt.getTime() + 1000).toISOString() })
      .auth(pm, { type: 'bearer' });
    expect(inGrace.body.rows[0]).toEqual({
      group: 'ALL',
      onTime: 1,
      late: 1,
      overdue: 0,
      inGrace: 2,
      notDue: 0,
      total: 4,
    });
    const badAt = await http()
      .get(`/api/v1/calls/${callId}/dashboard`)
      .query({ at: '2027-01-01' })
      .auth(pm, { type: 'bearer' });
    expect(badAt.status).toBe(400);

    // KPIs: the call's framework (the default when it has none), grouped ALL, per region and per activity.
    const [config] = await queryRows<{ framework: KpiIndicator[] | null }>(
      url(),
      "SELECT configuration->'kpiFramework' AS framework FROM joint_call WHERE id = $1",
      [callId],
    );
    const framework = config.framework && config.framework.length > 0 ? config.framework : DEFAULT_KPI_FRAMEWORK;
    const kpis = dashboard.body.kpis as KpiRow[];
    const kpi = (grouping: string, group: string, code: string) =>
      kpis.find((r) => r.grouping === grouping && r.group === group && r.code === code);
    expect(kpis.filter((r) => r.grouping === 'ALL').map((r) => r.code)).toEqual(framework.map((k) => k.code));
    expect(kpi('ALL', 'ALL', 'SMES_INVOLVED')).toMatchObject({
      target: 8,
      targetProjects: 2,
      actual: 2,
      actualProjects: 1,
    });
    expect(kpi('ALL', 'ALL', 'JOBS_CREATED')).toMatchObject({
      target: 2,
      targetProjects: 1,
      actual: 1.5,
      actualProjects: 1,
    });
    expect(kpi('REGION', 'ITH2', 'SMES_INVOLVED')).toMatchObject({ target: 8, actual: 2 });
    expect(kpi('TRANSFORMATIVE_ACTIVITY', activityA, 'SMES_INVOLVED')).toMatchObject({
      target: 8,
      targetProjects: 2,
      actual: 2,
      actualProjects: 1,
    });
    expect(kpi('TRANSFORMATIVE_ACTIVITY', activityB, 'SMES_INVOLVED')).toMatchObject({
      target: 3,
      targetProjects: 1,
      actual: 2,
      actualProjects: 1,
    });

    // Funding per transformative activity: allocated from the awarded grants, paid from the ledger.
    const paid = String(Number(ith2Instalment.amount));
    expect(dashboard.body.activities).toEqual([
      {
        activityCode: activityA,
        title: 'Smart robotics',
        sharedByRegions: ['AT31', 'ITH2'],
        currency: 'EUR',
        allocated: '200000',
        paid,
        projects: 2,
      },
      {
        activityCode: activityB,
        title: 'Green logistics',
        sharedByRegions: ['AT31'],
        currency: 'EUR',
        allocated: '100000',
        paid,
        projects: 1,
      },
    ]);

    // --- boundaries ---
    // An agency officer: its region's budget row only; the aggregates as the programme manager sees them.
    const trentoOfficer = tokenFor(trento.officers[0].id);
    const agencyView = await http().get(`/api/v1/calls/${callId}/dashboard`).auth(trentoOfficer, { type: 'bearer' });
    expect(agencyView.status).toBe(200);
    expect((agencyView.body.budget as BudgetRow[]).map((r) => r.regionCode)).toEqual([trento.regionCode]);
    expect(agencyView.body.funnel).toEqual(dashboard.body.funnel);
    expect(agencyView.body.kpis).toEqual(dashboard.body.kpis);
    const agencyCsv = await http()
      .get(`/api/v1/calls/${callId}/dashboard/budget`)
      .auth(trentoOfficer, { type: 'bearer' })
      .set('Accept', 'text/csv');
    expect(
      csvRows(agencyCsv.text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([trento.regionCode]);
    // The programme-wide view is for programme managers: 403 for an agency officer (a role-restricted endpoint).
    expect((await http().get('/api/v1/dashboard').auth(trentoOfficer, { type: 'bearer' })).status).toBe(403);
    // Anyone else: 404, as for every call endpoint.
    const coordinator = tokenFor(coordinatorId);
    expect((await http().get(`/api/v1/calls/${callId}/dashboard`).auth(coordinator, { type: 'bearer' })).status).toBe(
      404,
    );
    expect(
      (
        await http()
          .get(`/api/v1/calls/${callId}/dashboard/budget`)
          .auth(coordinator, { type: 'bearer' })
          .set('Accept', 'text/csv')
      ).status,
    ).toBe(404);
    const stranger = await createApplicantOrganisation(url(), 'ITH2');
    expect(
      (await http().get(`/api/v1/calls/${callId}/dashboard`).auth(tokenFor(stranger.userId), { type: 'bearer' }))
        .status,
    ).toBe(404);
    const evaluator = await createUser(url(), 'EVALUATOR');
    expect(
      (await http().get(`/api/v1/calls/${callId}/dashboard`).auth(tokenFor(evaluator.id), { type: 'bearer' })).status,
    ).toBe(404);
    const otherAgency = await createAgency(url(), 'ITH3');
    expect(
      (
        await http()
          .get(`/api/v1/calls/${callId}/dashboard`)
          .auth(tokenFor(otherAgency.officers[0].id), { type: 'bearer' })
      ).status,
    ).toBe(404);
    expect((await http().get(`/api/v1/calls/${randomUUID()}/dashboard`).auth(pm, { type: 'bearer' })).status).toBe(404);
    // An unknown table: 404 problem+json naming it.
    const unknown = await http().get(`/api/v1/calls/${callId}/dashboard/velocity`).auth(pm, { type: 'bearer' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknown.body.detail).toContain("'velocity'");

    // --- exports: the same numbers ---
    const csv = await http()
      .get(`/api/v1/calls/${callId}/dashboard/budget`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = csvRows(csv.text);
    expect(header).toEqual([
      'Region',
      'Currency',
      'Committed (minor units)',
      'Allocated (minor units)',
      'Released (minor units)',
      'Paid (minor units)',
    ]);
    expect(lines).toEqual(budget.map((r) => [r.regionCode, r.currency, r.committed, r.allocated, r.released, r.paid]));
    const xlsx = await http()
      .get(`/api/v1/calls/${callId}/dashboard/budget`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', XLSX)
      .buffer(true)
      .parse(binary);
    expect(xlsx.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    const sheetRows = [2, 3].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    expect(sheetRows).toEqual(
      budget.map((r) => [
        r.regionCode,
        r.currency,
        Number(r.committed),
        Number(r.allocated),
        Number(r.released),
        Number(r.paid),
      ]),
    );
    const kpiCsv = await http()
      .get(`/api/v1/calls/${callId}/dashboard/kpis`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', 'text/csv');
    expect(csvRows(kpiCsv.text)).toHaveLength(1 + kpis.length);
    // The whole dashboard as one workbook, a sheet per table.
    const book = await http()
      .get(`/api/v1/calls/${callId}/dashboard`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', XLSX)
      .buffer(true)
      .parse(binary);
    expect(book.status).toBe(200);
    const all = new Workbook();
    await all.xlsx.load(book.body as Parameters<typeof all.xlsx.load>[0]);
    expect(all.worksheets.map((s) => s.name)).toEqual(['Budget', 'Funnel', 'Punctuality', 'KPIs', 'Activities']);

    // --- the programme view: rows per call, region and currency, then totals per region and currency ---
    const programme = await http().get('/api/v1/dashboard').auth(pm, { type: 'bearer' });
    expect(programme.status).toBe(200);
    const programmeBudget = programme.body.budget as BudgetRow[];
    expect(programmeBudget.filter((r) => r.callId === callId).map(withoutCall)).toEqual(budget);
    const totals = await queryRows<{
      regionCode: string;
      currency: string;
      committed: string;
      allocated: string;
      released: string;
      paid: string;
    }>(
      url(),
      `SELECT region_code AS "regionCode", trim(currency) AS currency, sum(committed)::text
          AS committed, sum(allocated)::text AS allocated, sum(released)::text AS released, sum(paid)::text AS paid
          FROM (
         SELECT region_code, currency, amount AS committed, 0 AS allocated, 0 AS released, 0 AS paid
           FROM fund_commitment WHERE status = 'CONFIRMED'
         UNION ALL
         SELECT region_code, currency, 0, CASE kind WHEN 'ALLOCATED' THEN amount ELSE 0 END, CASE kind WHEN 'RELEASED'
           THEN amount ELSE 0 END, CASE kind WHEN 'PAID' THEN amount ELSE 0 END
           FROM budget_ledger_entry WHERE superseded_at IS NULL AND kind IN ('ALLOCATED', 'RELEASED', 'PAID')) t
       GROUP BY region_code, trim(currency) ORDER BY region_code, trim(currency)`,
    );
    expect(programmeBudget.filter((r) => r.callId === null).map(withoutCall)).toEqual(totals);
    expect(
      (programme.body.funnel as Array<{ callId: string | null; group: string }>).find((r) => r.callId === callId),
    ).toMatchObject({ group: 'ALL', submitted: 3, funded: 2 });
    const programmeCsv = await http()
      .get('/api/v1/dashboard/budget')
      .auth(pm, { type: 'bearer' })
      .set('Accept', 'text/csv');
    expect(programmeCsv.status).toBe(200);
    expect(csvRows(programmeCsv.text)[0].slice(0, 3)).toEqual(['Call id', 'Call', 'Region']);
    expect((await http().get('/api/v1/dashboard/velocity').auth(pm, { type: 'bearer' })).status).toBe(404);

    // OpenAPI describes every dashboard endpoint.
    const openApi = await http().get('/api/docs/openapi.json');
    expect(openApi.status).toBe(200);
    const paths = openApi.body.paths as Record<string, Record<string, { tags?: string[] }>>;
    for (const path of [
      '/api/v1/calls/{id}/dashboard',
      '/api/v1/calls/{id}/dashboard/{table}',
      '/api/v1/dashboard',
      '/api/v1/dashboard/{table}',
    ]) {
      expect(paths[path]?.get?.tags).toEqual(['dashboard']);
    }
  }, 240_000);
});
