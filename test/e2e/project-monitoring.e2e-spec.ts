import request from 'supertest';
import { WorkflowIds } from '@app/contracts';
import { expectEventually } from '../utils/expect-eventually';
import { decidedCallOverHttp } from '../utils/decided-call';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

type Grant = {
  id: string;
  organisationId: string;
  agencyId: string;
  regionCode: string;
  instalments: Array<{ id: string; seq: number; trigger: string; amount: number; status: string }>;
};
type ProjectView = { id: string; state: string; consortiumAgreement: string; grants: Grant[] };

/**
 * Monitoring over HTTP from a decided call: the consortium agreement gate, a joint report with
 * per-partner parts (each agency sees its own partners' parts and its programme's extra fields), the
 * programme manager's decisions as project-workflow updates releasing instalments, agencies confirming only
 * their own instalments (once, also under concurrent confirmations), and the ledger's totals.
 */
describe('project monitoring over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());
  const bearer = (userId: string) => ({ Authorization: `Bearer ${tokenFor(userId)}` });

  async function decidedCall() {
    // Upper Austria's programme adds a field to its partners' parts of the joint report (M6).
    const fixture = await decidedCallOverHttp(env(), url(), ['ONE', 'TWO'], (f) =>
      queryRows(
        url(),
        `UPDATE fund_commitment SET rules = jsonb_set(COALESCE(rules, '{}'), '{extraReportFields}',
            '["fteEmployed"]') WHERE call_id = $1 AND region_code = 'AT31'`,
        [f.callId],
      ).then(() => undefined),
    );
    const [trento, upperAustria] = fixture.agencies;
    const projects = (await http().get(`/api/v1/calls/${fixture.callId}/projects`).set(bearer(fixture.pmId))).body
      .items as ProjectView[];
    expect(projects).toHaveLength(2);
    const project = projects[0];
    await expectEventually(async () =>
      expect((await env().client.workflow.getHandle(WorkflowIds.project(project.id)).describe()).status.name).toBe(
        'RUNNING',
      ),
    );
    return { ...fixture, trento, upperAustria, project, coordinator: fixture.proposals[0].coordinator };
  }

  const ledger = async (callId: string) =>
    queryRows<{
      regionCode: string;
      released: string;
      paid: string;
      releasedTotal: string;
      paidTotal: string;
      allocatedTotal: string;
    }>(
      url(),
      `SELECT c.region_code AS "regionCode", c.released_total AS "releasedTotal", c.paid_total
          AS "paidTotal", c.allocated_total AS "allocatedTotal",
              COALESCE(sum(e.amount) FILTER (WHERE e.kind = 'RELEASED'), 0) AS released, COALESCE(sum(e.amount)
                FILTER (WHERE e.kind = 'PAID'), 0) AS paid
         FROM fund_commitment c LEFT JOIN budget_ledger_entry e ON e.commitment_id = c.id AND e.superseded_at IS NULL
        WHERE c.call_id = $1 GROUP BY c.id ORDER BY c.region_code`,
      [callId],
    );

  it(`gates releases on the consortium agreement, shows each agency its own parts and lets it \
confirm only its own instalments`, async () => {
    const { callId, pmId, trento, upperAustria, project, coordinator } = await decidedCall();
    const pm = bearer(pmId);
    const ith2 = project.grants.find((g) => g.regionCode === 'ITH2')!;
    const at31 = project.grants.find((g) => g.regionCode === 'AT31')!;
    const report = {
      summary: 'Prototype built and tested.',
      deliverables: [{ title: 'D1 prototype', link: 'https://example.org/d1' }],
      kpiValues: { SMES_INVOLVED: 2, PRIVATE_CO_INVESTMENT: 150000 },
      partnerParts: [
        { organisationId: ith2.organisationId, narrative: 'Coordinator work.', costsIncurred: 40000 },
        {
          organisationId: at31.organisationId,
          narrative: 'Partner work.',
          costsIncurred: 30000,
          extraFields: { fteEmployed: '2.5' },
        },
      ],
    };

    // Bad input: every problem named, nothing written.
    const bad = await http()
      .post(`/api/v1/projects/${project.id}/milestones/0/report`)
      .set(bearer(coordinator.userId))
      .send({ ...report, kpiValues: { NOPE: 1, SMES_INVOLVED: 1.5 }, partnerParts: [report.partnerParts[0]] });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'kpiValues.NOPE:UNKNOWN_KPI',
      'kpiValues.SMES_INVOLVED:KPI_NOT_A_COUNT',
      'partnerParts:PARTNER_PART_MISSING',
    ]);
    expect(await queryRows(url(), 'SELECT 1 FROM project_report WHERE project_id = $1', [project.id])).toHaveLength(0);
    // Only the coordinator reports; the PM cannot accept what was not submitted.
    expect((await http().post(`/api/v1/projects/${project.id}/milestones/0/accept`).set(pm).send({})).status).toBe(409);

    // The milestone report comes first, before the consortium agreement: accepted, but nothing is released (F4).
    const submitted = await http()
      .post(`/api/v1/projects/${project.id}/milestones/0/report`)
      .set(bearer(coordinator.userId))
      .send(report);
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ subject: 'M0', revision: 1, state: 'SUBMITTED' });
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/milestones/0/report`)
          .set(bearer(coordinator.userId))
          .send(report)
      ).status,
    ).toBe(409);
    const sentBack = await http()
      .post(`/api/v1/projects/${project.id}/milestones/0/request-changes`)
      .set(pm)
      .send({ comment: 'Add the test protocol.' });
    expect(sentBack.status).toBe(200);
    expect(sentBack.body).toMatchObject({ state: 'CHANGES_REQUESTED', released: [] });
    const revised = await http()
      .post(`/api/v1/projects/${project.id}/milestones/0/report`)
      .set(bearer(coordinator.userId))
      .send({ ...report, summary: 'Prototype built; test protocol attached.' });
    expect(revised.body).toMatchObject({ subject: 'M0', revision: 2 });
    const early = await http()
      .post(`/api/v1/projects/${project.id}/reports/${revised.body.id}/accept`)
      .set(pm)
      .send({});
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ state: 'ACCEPTED', released: [] });
    expect((await ledger(callId)).map((r) => [r.regionCode, r.released])).toEqual([
      ['AT31', '0'],
      ['ITH2', '0'],
    ]);

    // Each agency sees the project-level part and its own partners' part, with its programme's field.
    const asTrento = await http()
      .get(`/api/v1/projects/${project.id}/reports/${revised.body.id}`)
      .set(bearer(trento.officers[0].id));
    expect(asTrento.status).toBe(200);
    expect(asTrento.body.summary).toBe('Prototype built; test protocol attached.');
    expect(asTrento.body.partnerParts.map((p: { organisationId: string }) => p.organisationId)).toEqual([
      ith2.organisationId,
    ]);
    const asUpperAustria = await http()
      .get(`/api/v1/projects/${project.id}/reports`)
      .set(bearer(upperAustria.officers[0].id));
    expect(
      asUpperAustria.body.items.map((r: { revision: number; partnerParts: Array<{ extraFields: unknown }> }) => [
        r.revision,
        r.partnerParts.map((p) => p.extraFields),
      ]),
    ).toEqual([
      [2, [{ fteEmployed: '2.5' }]],
      [1, [{ fteEmployed: '2.5' }]],
    ]);
    expect(
      (await http().get(`/api/v1/projects/${project.id}/reports`).set(pm)).body.items[0].partnerParts,
    ).toHaveLength(2);

    // The consortium agreement: uploaded by the coordinator, returned, uploaded again, accepted — which releases
    // the advance AND the milestone instalment already earned.
    const pdf = Buffer.from('%PDF-1.4 consortium agreement');
    const upload = (body: Buffer) =>
      http()
        .put(`/api/v1/projects/${project.id}/consortium-agreement`)
        .set(bearer(coordinator.userId))
        .set('Content-Type', 'application/pdf')
        .set('X-File-Name', 'ca.pdf')
        .send(body);
    expect((await upload(pdf)).status).toBe(200);
    expect(
      (await http().post(`/api/v1/projects/${project.id}/consortium-agreement/return`).set(pm).send({})).status,
    ).toBe(400);
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/consortium-agreement/return`)
          .set(pm)
          .send({ comment: 'Signature page missing.' })
      ).body,
    ).toMatchObject({ state: 'RETURNED' });
    expect(
      (await http().post(`/api/v1/projects/${project.id}/consortium-agreement/accept`).set(pm).send({})).status,
    ).toBe(409);
    expect((await upload(Buffer.from('%PDF-1.4 consortium agreement, signed'))).body).toMatchObject({
      state: 'SUBMITTED',
    });
    const accepted = await http().post(`/api/v1/projects/${project.id}/consortium-agreement/accept`).set(pm).send({});
    expect(accepted.status).toBe(200);
    const released = accepted.body.released as Array<{ instalmentId: string; agencyId: string; amount: number }>;
    expect(released.map((r) => [r.agencyId === trento.id ? 'ITH2' : 'AT31', r.amount]).sort()).toEqual([
      ['AT31', 15000],
      ['AT31', 20000],
      ['ITH2', 15000],
      ['ITH2', 20000],
    ]);
    // The funding starts: SELECTED → FUNDED (SPEC §4).
    expect(
      (
        await queryRows<{ state: string }>(
          url(),
          'SELECT p.state FROM proposal p JOIN project j ON j.proposal_id = p.id WHERE j.id = $1',
          [project.id],
        )
      )[0].state,
    ).toBe('FUNDED');
    expect((await ledger(callId)).map((r) => [r.regionCode, r.released, r.releasedTotal])).toEqual([
      ['AT31', '35000', '35000'],
      ['ITH2', '35000', '35000'],
    ]);
    const [releasedMail] = await queryRows<{ n: string }>(
      url(),
      "SELECT count(*) AS n FROM outbox_message WHERE kind = 'INSTALMENTS_RELEASED' AND recipient_user_id = $1",
      [trento.officers[0].id],
    );
    expect(Number(releasedMail.n)).toBe(1);

    // The officer who confirms a payment finds the instalment's id in its own view of the project.
    const officerView = (await http().get(`/api/v1/projects/${project.id}`).set(bearer(trento.officers[0].id)))
      .body as ProjectView;
    const releasedToTrento = officerView.grants.flatMap((g) => g.instalments).filter((i) => i.status === 'RELEASED');
    expect(releasedToTrento.map((i) => i.id).sort()).toEqual(
      released
        .filter((r) => r.agencyId === trento.id)
        .map((r) => r.instalmentId)
        .sort(),
    );
    // An agency confirms only its own instalments, each once — also when confirmations race.
    const trentoIds = releasedToTrento.map((i) => i.id);
    const austrianId = released.find((r) => r.agencyId === upperAustria.id)!.instalmentId;
    expect(
      (await http().post(`/api/v1/instalments/${austrianId}/confirm-payment`).set(bearer(trento.officers[0].id)))
        .status,
    ).toBe(404);
    const race = await Promise.all(
      Array.from({ length: 8 }, () =>
        http().post(`/api/v1/instalments/${trentoIds[0]}/confirm-payment`).set(bearer(trento.officers[0].id)),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(race.find((r) => r.status === 409)!.body.detail).toContain('PAID');
    const both = await Promise.all(
      [trentoIds[1], austrianId].map((id, i) =>
        http()
          .post(`/api/v1/instalments/${id}/confirm-payment`)
          .set(bearer([trento, upperAustria][i].officers[0].id)),
      ),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    // A SCHEDULED instalment cannot be confirmed.
    const view = (await http().get(`/api/v1/projects/${project.id}`).set(pm)).body as ProjectView;
    const scheduled = view.grants
      .find((g) => g.regionCode === 'ITH2')!
      .instalments.find((i) => i.status === 'SCHEDULED')!;
    expect(scheduled.trigger).toBe('FINAL_REPORT');
    const tooEarly = await http()
      .post(`/api/v1/instalments/${scheduled.id}/confirm-payment`)
      .set(bearer(trento.officers[0].id));
    expect(tooEarly.status).toBe(409);

    // The ledger: entries and running totals agree, released ≤ allocated and paid ≤ released per region.
    const totals = await ledger(callId);
    expect(totals.map((r) => [r.regionCode, r.paid, r.paidTotal])).toEqual([
      ['AT31', '15000', '15000'],
      ['ITH2', '35000', '35000'],
    ]);
    for (const r of totals) {
      expect(BigInt(r.released) <= BigInt(r.allocatedTotal)).toBe(true);
      expect(BigInt(r.paid) <= BigInt(r.released)).toBe(true);
    }
    // The budget endpoint reads the same ledger.
    const budget = await http().get(`/api/v1/calls/${callId}/budget`).set(pm);
    expect(budget.status).toBe(200);
  }, 240_000);

  it(`suspends, resumes and terminates through the project workflow, \
and refuses what the lifecycle does not allow`, async () => {
    const { pmId, project, coordinator } = await decidedCall();
    const pm = bearer(pmId);
    expect((await http().post(`/api/v1/projects/${project.id}/resume`).set(pm).send({})).status).toBe(409);
    expect((await http().post(`/api/v1/projects/${project.id}/suspend`).set(pm).send({})).status).toBe(400);
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/suspend`)
          .set(bearer(coordinator.userId))
          .send({ reason: 'x' })
      ).status,
    ).toBe(403);
    expect(
      (await http().post(`/api/v1/projects/${project.id}/suspend`).set(pm).send({ reason: 'Audit pending.' })).body,
    ).toMatchObject({ projectState: 'SUSPENDED' });
    // A suspended project does not report.
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/milestones/0/report`)
          .set(bearer(coordinator.userId))
          .send({ summary: 's', partnerParts: [] })
      ).status,
    ).toBe(409);
    expect((await http().post(`/api/v1/projects/${project.id}/resume`).set(pm).send({})).body).toMatchObject({
      projectState: 'ACTIVE',
    });
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/terminate`)
          .set(pm)
          .send({ reason: 'The consortium dissolved.' })
      ).body,
    ).toMatchObject({ projectState: 'TERMINATED' });
    await expectEventually(async () =>
      expect((await env().client.workflow.getHandle(WorkflowIds.project(project.id)).describe()).status.name).toBe(
        'COMPLETED',
      ),
    );
    const after = await http().post(`/api/v1/projects/${project.id}/consortium-agreement/accept`).set(pm).send({});
    expect(after.status).toBe(409);
    expect((await http().get(`/api/v1/projects/${project.id}`).set(pm)).body).toMatchObject({ state: 'TERMINATED' });
  }, 180_000);
});
