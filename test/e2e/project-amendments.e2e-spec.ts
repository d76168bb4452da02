import request from 'supertest';
import { WorkflowIds } from '@app/contracts';
import { createApplicantOrganisation } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { decidedCallOverHttp } from '../utils/decided-call';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

type Grant = {
  id: string;
  organisationId: string;
  regionCode: string;
  amount: number;
  status: string;
  instalments: Array<{ amount: number }>;
};

/**
 * Amendments over HTTP (SPEC M6): requested by the coordinator, validated with every problem named,
 * approved by the affected agencies only (as updates of the project workflow); the last approval applies it —
 * grants, instalments and the ledger follow a budget shift and a new partner within one region; a rejection
 * changes nothing; an amendment that would overdraw a region is refused at the approval and stays pending.
 */
describe('project amendments over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());
  const bearer = (userId: string) => ({ Authorization: `Bearer ${tokenFor(userId)}` });

  it(`validates, asks the affected agencies, applies budget shifts and new \
partners, and refuses an overdraft`, async () => {
    const fixture = await decidedCallOverHttp(env(), url(), ['AM1', 'AM2']);
    const [trento, upperAustria] = fixture.agencies;
    const project = (await http().get(`/api/v1/calls/${fixture.callId}/projects`).set(bearer(fixture.pmId))).body
      .items[0] as { id: string; grants: Grant[] };
    await expectEventually(async () =>
      expect((await env().client.workflow.getHandle(WorkflowIds.project(project.id)).describe()).status.name).toBe(
        'RUNNING',
      ),
    );
    const coordinator = fixture.proposals[0].coordinator;
    const ith2 = project.grants.find((g) => g.regionCode === 'ITH2')!;
    const at31 = project.grants.find((g) => g.regionCode === 'AT31')!;
    const newcomer = await createApplicantOrganisation(url(), 'ITH2');
    const amend = (body: object) =>
      http().post(`/api/v1/projects/${project.id}/amendments`).set(bearer(coordinator.userId)).send(body);

    // Every problem named; nothing written.
    const bad = await amend({
      justification: 'Rebalance',
      milestoneChanges: [{ milestoneIndex: 7, newDueMonth: 30 }],
      budgetShifts: [
        {
          regionCode: 'ITH2',
          currency: 'EUR',
          fromOrganisationId: ith2.organisationId,
          toOrganisationId: at31.organisationId,
          amount: 1000,
        },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'milestoneChanges[0].milestoneIndex:UNKNOWN_MILESTONE',
      'budgetShifts[0].toOrganisationId:PARTNER_OUTSIDE_REGION',
    ]);
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/amendments`)
          .set(bearer(fixture.pmId))
          .send({ justification: 'x' })
      ).status,
    ).toBe(403);
    const strangers = await amend({
      justification: 'Unknown partners',
      addPartners: [
        { organisationId: '00000000-0000-4000-8000-000000000001', regionCode: 'ITH2', currency: 'EUR', grant: 0 },
        { organisationId: newcomer.organisationId, regionCode: 'AT31', currency: 'EUR', grant: 0 },
      ],
    });
    expect(strangers.status).toBe(422);
    expect(strangers.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'addPartners[0].organisationId:UNKNOWN_ORGANISATION',
      'addPartners[1].regionCode:ORGANISATION_OUTSIDE_REGION',
    ]);

    // A new ITH2 partner takes 100.00 of the coordinator's grant: only Trento is asked.
    const requested = await amend({
      justification: 'A specialised SME joins for the pilot.',
      addPartners: [{ organisationId: newcomer.organisationId, regionCode: 'ITH2', currency: 'EUR', grant: 0 }],
      budgetShifts: [
        {
          regionCode: 'ITH2',
          currency: 'EUR',
          fromOrganisationId: ith2.organisationId,
          toOrganisationId: newcomer.organisationId,
          amount: 10000,
        },
      ],
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ state: 'PENDING', requiredAgencies: [trento.id] });
    expect((await amend({ justification: 'again', durationMonths: 24 })).status).toBe(409);
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/amendments/${requested.body.id}/approve`)
          .set(bearer(upperAustria.officers[0].id))
          .send({})
      ).status,
    ).toBe(404);
    const approved = await http()
      .post(`/api/v1/projects/${project.id}/amendments/${requested.body.id}/approve`)
      .set(bearer(trento.officers[0].id))
      .send({});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'APPROVED', answers: [{ agencyId: trento.id, answer: 'APPROVED' }] });

    const after = (await http().get(`/api/v1/projects/${project.id}`).set(bearer(fixture.pmId))).body as {
      grants: Grant[];
    };
    const amounts = Object.fromEntries(
      after.grants.map((g) => [g.organisationId, [g.amount, g.instalments.map((i) => i.amount)]]),
    );
    expect(amounts[ith2.organisationId]).toEqual([40000, [12000, 16000, 12000]]);
    expect(amounts[newcomer.organisationId]).toEqual([10000, [3000, 4000, 3000]]);
    expect(amounts[at31.organisationId]).toEqual([50000, [15000, 20000, 15000]]);
    // The new partner's members now see the project.
    expect((await http().get(`/api/v1/projects/${project.id}`).set(bearer(newcomer.userId))).status).toBe(200);
    // The ledger follows: live ALLOCATED entries per partner, the region's total unchanged.
    const allocated = await queryRows<{ organisationId: string; amount: string }>(
      url(),
      'SELECT organisation_id AS "organisationId", sum(amount) AS amount FROM budget_ledger_entry ' +
        "WHERE proposal_id = $1 AND kind = 'ALLOCATED' AND superseded_at IS NULL AND region_code = 'ITH2' " +
        'GROUP BY 1',
      [fixture.proposals[0].id],
    );
    expect(Object.fromEntries(allocated.map((a) => [a.organisationId, a.amount]))).toEqual({
      [ith2.organisationId]: '40000',
      [newcomer.organisationId]: '10000',
    });
    const [ith2Commitment] = await queryRows<{ allocated: string; entries: string }>(
      url(),
      'SELECT c.allocated_total AS allocated, (SELECT sum(amount) FROM budget_ledger_entry e ' +
        "WHERE e.commitment_id = c.id AND e.kind = 'ALLOCATED' AND e.superseded_at IS NULL) AS entries " +
        "FROM fund_commitment c WHERE c.call_id = $1 AND c.region_code = 'ITH2'",
      [fixture.callId],
    );
    expect(ith2Commitment).toEqual({ allocated: '100000', entries: '100000' });

    // Moving a milestone asks both agencies; one rejection (with its reason) ends it and nothing moves.
    const move = await amend({
      justification: 'Later pilot',
      milestoneChanges: [{ milestoneIndex: 1, newDueMonth: 20 }],
    });
    expect(move.body.requiredAgencies).toEqual([trento.id, upperAustria.id].sort());
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/amendments/${move.body.id}/reject`)
          .set(bearer(upperAustria.officers[0].id))
          .send({})
      ).status,
    ).toBe(422);
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/amendments/${move.body.id}/reject`)
          .set(bearer(upperAustria.officers[0].id))
          .send({ reason: 'Not justified.' })
      ).body,
    ).toMatchObject({ state: 'REJECTED' });
    expect(
      (
        await queryRows<{ dueMonth: number }>(
          url(),
          'SELECT due_month AS "dueMonth" FROM project_milestone WHERE project_id = $1 AND idx = 1',
          [project.id],
        )
      )[0].dueMonth,
    ).toBe(24);

    // A new partner the region cannot afford: refused at the approval (F2), the amendment stays pending.
    const other = await createApplicantOrganisation(url(), 'ITH2');
    const greedy = await amend({
      justification: 'One more',
      addPartners: [{ organisationId: other.organisationId, regionCode: 'ITH2', currency: 'EUR', grant: 1 }],
    });
    const refused = await http()
      .post(`/api/v1/projects/${project.id}/amendments/${greedy.body.id}/approve`)
      .set(bearer(trento.officers[0].id))
      .send({});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('BUDGET_OVERDRAWN');
    const list = (await http().get(`/api/v1/projects/${project.id}/amendments`).set(bearer(coordinator.userId))).body
      .items as Array<{ state: string; answers: unknown[] }>;
    expect(list.map((a) => [a.state, a.answers.length])).toEqual([
      ['APPROVED', 1],
      ['REJECTED', 1],
      ['PENDING', 0],
    ]);
  }, 240_000);

  it(`releases the advance of a partner added after the consortium agreement at the \
approval, which its agency then pays`, async () => {
    const fixture = await decidedCallOverHttp(env(), url(), ['AM3', 'AM4']);
    const [trento] = fixture.agencies;
    const pm = bearer(fixture.pmId);
    const project = (await http().get(`/api/v1/calls/${fixture.callId}/projects`).set(pm)).body.items[0] as {
      id: string;
      grants: Grant[];
    };
    await expectEventually(async () =>
      expect((await env().client.workflow.getHandle(WorkflowIds.project(project.id)).describe()).status.name).toBe(
        'RUNNING',
      ),
    );
    const coordinator = fixture.proposals[0].coordinator;
    const ith2 = project.grants.find((g) => g.regionCode === 'ITH2')!;
    const upload = await http()
      .put(`/api/v1/projects/${project.id}/consortium-agreement`)
      .set(bearer(coordinator.userId))
      .set('Content-Type', 'application/pdf')
      .set('X-File-Name', 'ca.pdf')
      .send(Buffer.from('%PDF-1.4 signed'));
    expect(upload.status).toBe(200);
    expect(
      (await http().post(`/api/v1/projects/${project.id}/consortium-agreement/accept`).set(pm).send({})).status,
    ).toBe(200);
    const releasedIth2 = async () =>
      (
        await queryRows<{ entries: string; total: string }>(
          url(),
          `SELECT (SELECT sum(amount) FROM budget_ledger_entry e WHERE e.commitment_id = c.id AND e.kind = 'RELEASED'
              AND e.superseded_at IS NULL) AS entries, c.released_total AS total
           FROM fund_commitment c WHERE c.call_id = $1 AND c.region_code = 'ITH2'`,
          [fixture.callId],
        )
      )[0];
    expect(await releasedIth2()).toEqual({ entries: '15000', total: '15000' });

    const newcomer = await createApplicantOrganisation(url(), 'ITH2');
    const requested = await http()
      .post(`/api/v1/projects/${project.id}/amendments`)
      .set(bearer(coordinator.userId))
      .send({
        justification: 'A test lab joins',
        addPartners: [{ organisationId: newcomer.organisationId, regionCode: 'ITH2', currency: 'EUR', grant: 0 }],
        budgetShifts: [
          {
            regionCode: 'ITH2',
            currency: 'EUR',
            fromOrganisationId: ith2.organisationId,
            toOrganisationId: newcomer.organisationId,
            amount: 10000,
          },
        ],
      });
    expect(requested.status).toBe(201);
    expect(
      (
        await http()
          .post(`/api/v1/projects/${project.id}/amendments/${requested.body.id}/approve`)
          .set(bearer(trento.officers[0].id))
          .send({})
      ).body,
    ).toMatchObject({ state: 'APPROVED' });

    // The newcomer's advance went out with the approval; the existing partner's released advance is untouched.
    const instalments = await queryRows<{
      id: string;
      organisationId: string;
      seq: number;
      amount: string;
      status: string;
    }>(
      url(),
      `SELECT i.id, g.organisation_id AS "organisationId", i.seq, i.amount, i.status FROM instalment i
          JOIN funding_grant g ON g.id = i.grant_id
        WHERE g.proposal_id = $1 AND g.region_code = 'ITH2' AND g.status = 'AWARDED'
          ORDER BY g.organisation_id = $2, i.seq`,
      [fixture.proposals[0].id, newcomer.organisationId],
    );
    const of = (organisationId: string) =>
      instalments.filter((i) => i.organisationId === organisationId).map((i) => [i.amount, i.status]);
    expect(of(newcomer.organisationId)).toEqual([
      ['3000', 'RELEASED'],
      ['4000', 'SCHEDULED'],
      ['3000', 'SCHEDULED'],
    ]);
    expect(of(ith2.organisationId)[0]).toEqual(['15000', 'RELEASED']);
    expect(of(ith2.organisationId).reduce((sum, [amount]) => sum + Number(amount), 0)).toBe(40000);
    expect(await releasedIth2()).toEqual({ entries: '18000', total: '18000' });
    const [told] = await queryRows<{ n: string }>(
      url(),
      "SELECT count(*) AS n FROM outbox_message WHERE kind = 'INSTALMENTS_RELEASED' AND recipient_user_id = $1",
      [trento.officers[0].id],
    );
    expect(Number(told.n)).toBe(2);

    const advance = instalments.find((i) => i.organisationId === newcomer.organisationId && i.seq === 1)!;
    expect(
      (
        await http()
          .post(`/api/v1/instalments/${advance.id}/confirm-payment`)
          .set(bearer(trento.officers[0].id))
          .send({})
      ).status,
    ).toBe(200);
  }, 240_000);
});
