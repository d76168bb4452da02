import { Workbook } from 'exceljs';
import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { createUser, type AgencyFixture } from '../utils/call-fixtures';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { rankedCallFixture, type RankedCallFixture } from '../utils/funding-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CONDITIONS = 'Signature of the regional grant agreement within 60 days.';

/** A tiny RFC 4180 reader: quoted fields (commas, CR/LF and doubled quotes inside), CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

/** CSV rows as objects keyed by the header row. */
function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row).toHaveLength(header.length);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

/**
 * The decision's downloads (CSV per proposal and per region, XLSX with both sheets, 406) and the
 * applicants' own outcome (`GET /proposals/{id}/outcome`), from a ranked call taken to DECIDED over HTTP
 * with the real worker: the programme manager proposes, both agencies approve (Trento with conditions).
 */
describe('funding decision exports and the applicants’ outcome', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());
  const outcome = (proposalId: string, token: string) =>
    http().get(`/api/v1/proposals/${proposalId}/outcome`).auth(token, { type: 'bearer' });
  // One scenario, in order: the first test takes the call to DECIDED, the others read what it made.
  let callId: string;
  let pmId: string;
  let pm: string;
  let trento: AgencyFixture;
  let upperAustria: AgencyFixture;
  let trentoOfficer: string;
  let one: RankedCallFixture['proposals'][number];
  let two: RankedCallFixture['proposals'][number];
  let three: RankedCallFixture['proposals'][number];
  let coordinatorOfOne: string;
  let partnerOfOne: { organisationId: string; userId: string };
  let agencyNames: Map<string, string>;

  it(`answers PENDING to the applicants until every agency has approved, \
then the call is DECIDED over HTTP`, async () => {
    const fixture = await rankedCallFixture(url());
    ({ callId, pmId } = fixture);
    [trento, upperAustria] = fixture.agencies;
    [one, two, three] = fixture.proposals;
    await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue: TaskQueues.main,
      args: [fixture.workflowInput],
    });
    pm = tokenFor(pmId);
    trentoOfficer = tokenFor(trento.officers[0].id);
    const austriaOfficer = tokenFor(upperAustria.officers[0].id);
    coordinatorOfOne = tokenFor(one.coordinator.userId);
    [partnerOfOne] = await queryRows<{ organisationId: string; userId: string }>(
      url(),
      `SELECT o.id AS "organisationId", g.user_id AS "userId"
         FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id
           AND v.version = p.last_version, jsonb_array_elements(v.content->'partners') x
         JOIN organisation o ON o.id = (x->>'organisationId')::uuid JOIN role_grant g ON g.organisation_id = o.id
           AND g.role = 'APPLICANT'
        WHERE p.id = $1 AND x->>'role' = 'PARTNER'`,
      [one.id],
    );
    agencyNames = new Map(
      (
        await queryRows<{ id: string; name: string }>(url(), 'SELECT id, name FROM funding_agency WHERE id = ANY($1)', [
          [trento.id, upperAustria.id],
        ])
      ).map((a) => [a.id, a.name]),
    );

    // Before the decision is out: PENDING for the applicants, nothing else; still 404 for everyone else.
    expect((await outcome(one.id, coordinatorOfOne)).body).toEqual({
      proposalId: one.id,
      acronym: 'ONE',
      title: expect.any(String),
      status: 'PENDING',
    });
    expect((await outcome(one.id, trentoOfficer)).status).toBe(404);

    expect((await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' })).status).toBe(
      200,
    );
    expect(
      (
        await http()
          .post(`/api/v1/calls/${callId}/funding-decision/approve`)
          .auth(trentoOfficer, { type: 'bearer' })
          .send({ conditions: CONDITIONS })
      ).body,
    ).toMatchObject({ decisionStatus: 'PROPOSED' });
    // Proposed and half approved is not decided: still PENDING, with no trace of the proposal.
    expect((await outcome(one.id, coordinatorOfOne)).body).toEqual(expect.objectContaining({ status: 'PENDING' }));
    expect((await outcome(one.id, coordinatorOfOne)).body).not.toHaveProperty('outcome');
    expect(
      (
        await http()
          .post(`/api/v1/calls/${callId}/funding-decision/approve`)
          .auth(austriaOfficer, { type: 'bearer' })
          .send({})
      ).body,
    ).toMatchObject({ decisionStatus: 'DECIDED' });
  }, 120_000);

  it('exports the per-proposal table as RFC 4180 CSV by default', async () => {
    // CSV, the per-proposal table (the default): one column per region with its currency, amounts in minor units.
    const csv = await http()
      .get(`/api/v1/calls/${callId}/funding-decision`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="funding-decision-.*-r1-proposals\.csv"/);
    const [header] = parseCsv(csv.text);
    expect(header).toEqual([
      'Rank',
      'Acronym',
      'Title',
      'Outcome',
      'Reasons',
      'Shortfalls',
      'Requested EUR (minor units)',
      'AT31 (EUR minor units)',
      'ITH2 (EUR minor units)',
    ]);
    const rows = csvObjects(csv.text);
    expect(
      rows.map((r) => [
        r.Rank,
        r.Acronym,
        r.Outcome,
        r['Requested EUR (minor units)'],
        r['AT31 (EUR minor units)'],
        r['ITH2 (EUR minor units)'],
      ]),
    ).toEqual([
      ['1', 'ONE', 'SELECTED', '100000', '50000', '50000'],
      ['2', 'TWO', 'SELECTED', '100000', '50000', '50000'],
      ['3', 'THREE', 'RESERVE', '100000', '50000', '50000'],
    ]);
    expect(rows[0].Reasons).toBe('');
    expect(rows[2].Reasons).toContain('INSUFFICIENT_BUDGET');
    expect(rows[2].Shortfalls).toBe(
      'AT31 short by 50000 EUR (requested 50000, available 0); ITH2 short by 50000 EUR (requested 50000, available 0)',
    );
  });

  it('exports the per-region table as CSV with ?table=regions', async () => {
    // CSV, the per-region table.
    const regionsCsv = await http()
      .get(`/api/v1/calls/${callId}/funding-decision?table=regions`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', 'text/csv');
    expect(regionsCsv.status).toBe(200);
    expect(regionsCsv.headers['content-disposition']).toMatch(/-regions\.csv"/);
    expect(parseCsv(regionsCsv.text)).toEqual([
      [
        'Region',
        'Agency',
        'Currency',
        'Commitment',
        'Flexibility',
        'Proposed',
        'Allocated',
        'Selected in this decision',
        'Remaining',
      ],
      ['AT31', agencyNames.get(upperAustria.id), 'EUR', '100000', expect.any(String), '0', '100000', '100000', '0'],
      ['ITH2', agencyNames.get(trento.id), 'EUR', '100000', expect.any(String), '0', '100000', '100000', '0'],
    ]);
    expect(
      (
        await http()
          .get(`/api/v1/calls/${callId}/funding-decision?table=partners`)
          .auth(pm, { type: 'bearer' })
          .set('Accept', 'text/csv')
      ).status,
    ).toBe(400);
  });

  it('gives an agency officer the same per-region amounts, never a partner', async () => {
    // An agency officer downloads the same per-region table of each proposal, never a partner's id or part.
    const officerCsv = await http()
      .get(`/api/v1/calls/${callId}/funding-decision`)
      .auth(trentoOfficer, { type: 'bearer' })
      .set('Accept', 'text/csv');
    expect(officerCsv.status).toBe(200);
    expect(csvObjects(officerCsv.text).map((r) => r.Acronym)).toEqual(['ONE', 'TWO', 'THREE']);
    expect(officerCsv.text).not.toContain(partnerOfOne.organisationId);
    expect(officerCsv.text).not.toContain(one.coordinator.organisationId);
  });

  it('exports XLSX with both tables as sheets', async () => {
    // XLSX: both tables as sheets, numbers as numbers.
    const xlsx = await http()
      .get(`/api/v1/calls/${callId}/funding-decision`)
      .auth(trentoOfficer, { type: 'bearer' })
      .set('Accept', XLSX)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe(XLSX);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Proposals', 'Regions']);
    const sheet = workbook.getWorksheet('Proposals')!;
    expect(sheet.getRow(1).getCell(8).value).toBe('AT31 (EUR minor units)');
    expect(
      [2, 3, 4].map((r) => [
        sheet.getRow(r).getCell(2).value,
        sheet.getRow(r).getCell(4).value,
        sheet.getRow(r).getCell(8).value,
      ]),
    ).toEqual([
      ['ONE', 'SELECTED', 50_000],
      ['TWO', 'SELECTED', 50_000],
      ['THREE', 'RESERVE', 50_000],
    ]);
    const regionsSheet = workbook.getWorksheet('Regions')!;
    expect(
      [2, 3].map((r) => [
        regionsSheet.getRow(r).getCell(1).value,
        regionsSheet.getRow(r).getCell(7).value,
        regionsSheet.getRow(r).getCell(8).value,
      ]),
    ).toEqual([
      ['AT31', 100_000, 100_000],
      ['ITH2', 100_000, 100_000],
    ]);
  });

  it('answers 406 when nothing offered is acceptable, JSON by default, and 404 to applicants', async () => {
    // Nothing acceptable: 406; JSON stays the default; and applicants still get no decision, in no format.
    expect(
      (
        await http()
          .get(`/api/v1/calls/${callId}/funding-decision`)
          .auth(pm, { type: 'bearer' })
          .set('Accept', 'image/png')
      ).status,
    ).toBe(406);
    const json = await http()
      .get(`/api/v1/calls/${callId}/funding-decision`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', 'application/json');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ revision: 1, status: 'APPROVED' });
    expect(
      (
        await http()
          .get(`/api/v1/calls/${callId}/funding-decision`)
          .auth(coordinatorOfOne, { type: 'bearer' })
          .set('Accept', 'text/csv')
      ).status,
    ).toBe(404);
  });

  it(`tells the coordinator of a SELECTED proposal its outcome, conditions, \
report and every partner’s grant`, async () => {
    // The coordinator of a SELECTED proposal: approved with Trento's conditions, the summary report, every partner's
    // grant.
    const mine = await outcome(one.id, coordinatorOfOne);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      proposalId: one.id,
      acronym: 'ONE',
      status: 'DECIDED',
      outcome: 'SELECTED',
      rank: 1,
      approval: 'APPROVED_WITH_CONDITIONS',
      conditions: [{ regionCode: 'ITH2', agencyName: agencyNames.get(trento.id), conditions: CONDITIONS }],
      reserve: null,
      report: {
        stageNo: 1,
        criteria: [
          { criterion: 'Excellence', weight: expect.any(Number), score: 4, comment: 'Excellence is convincing.' },
          { criterion: 'Impact', weight: expect.any(Number), score: 4, comment: 'Impact is convincing.' },
          {
            criterion: 'Quality and efficiency of implementation',
            weight: expect.any(Number),
            score: 4,
            comment: 'Quality and efficiency of implementation is convincing.',
          },
        ],
        weightedTotal: '12',
      },
      projectStart: expect.stringMatching(/^\d{4}-\d{2}-01$/),
    });
    expect(JSON.stringify(mine.body)).not.toContain(pmId); // who recorded the consensus is not part of the report
    expect(
      mine.body.grants.map(
        (g: {
          organisationId: string;
          regionCode: string;
          amount: number;
          currency: string;
          conditions: string | null;
        }) => [g.organisationId, g.regionCode, g.amount, g.currency, g.conditions],
      ),
    ).toEqual([
      [partnerOfOne.organisationId, 'AT31', 50_000, 'EUR', null],
      [one.coordinator.organisationId, 'ITH2', 50_000, 'EUR', CONDITIONS],
    ]);
    for (const grant of mine.body.grants) {
      expect(grant.agencyName).toBe(agencyNames.get(grant.regionCode === 'ITH2' ? trento.id : upperAustria.id));
      expect(
        grant.instalments.map(
          (i: { seq: number; trigger: string; shareBps: number; amount: number; status: string }) => [
            i.seq,
            i.trigger,
            i.shareBps,
            i.amount,
            i.status,
          ],
        ),
      ).toEqual([
        [1, 'CONSORTIUM_AGREEMENT_ACCEPTED', 3000, 15_000, 'SCHEDULED'],
        [2, 'MILESTONE', 4000, 20_000, 'SCHEDULED'],
        [3, 'FINAL_REPORT', 3000, 15_000, 'SCHEDULED'],
      ]);
      expect(grant.instalments[1].milestone).toEqual(expect.objectContaining({ index: expect.any(Number) }));
    }
  });

  it('shows a partner’s member only its own organisation’s grant', async () => {
    // A partner's member: the same outcome, but only its own organisation's grant.
    const partnerView = await outcome(one.id, tokenFor(partnerOfOne.userId));
    expect(partnerView.status).toBe(200);
    expect(partnerView.body).toMatchObject({ outcome: 'SELECTED', approval: 'APPROVED_WITH_CONDITIONS' });
    expect(partnerView.body.grants.map((g: { organisationId: string }) => g.organisationId)).toEqual([
      partnerOfOne.organisationId,
    ]);
  });

  it('lets programme managers read it and gives 404 to other applicants, agency officers and evaluators', async () => {
    // The programme manager reads it too; everyone outside the consortium gets 404.
    expect((await outcome(one.id, pm)).body.grants).toHaveLength(2);
    expect((await outcome(one.id, tokenFor(two.coordinator.userId))).status).toBe(404);
    expect((await outcome(one.id, trentoOfficer)).status).toBe(404);
    expect((await outcome(one.id, tokenFor((await createUser(url(), 'EVALUATOR')).id))).status).toBe(404);
  });

  it('tells the reserve proposal’s applicants RESERVE, without budget figures or grants', async () => {
    // The reserve proposal's applicants: RESERVE, why and where, no budget figures, no grants.
    const reserve = await outcome(three.id, tokenFor(three.coordinator.userId));
    expect(reserve.status).toBe(200);
    expect(reserve.body).toMatchObject({
      status: 'DECIDED',
      outcome: 'RESERVE',
      rank: 3,
      approval: null,
      conditions: [],
      grants: [],
      projectStart: null,
    });
    expect(reserve.body.reserve).toEqual({ reasons: ['INSUFFICIENT_BUDGET'], blockingRegions: ['AT31', 'ITH2'] });
    expect(reserve.body.report.criteria).toHaveLength(3);
  });
});
