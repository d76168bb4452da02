import request from 'supertest';
import { WorkflowIds } from '@app/contracts';
import { createApplicantOrganisation, createUser } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { decidedCallOverHttp } from '../utils/decided-call';
import { tokenFor } from '../utils/proposal-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/**
 * Funded projects over HTTP (SPEC §9): the decision creates a project per funded proposal with its
 * milestones and starts its workflow; programme managers see every project, agencies those with their grants
 * (their own partners' grants only), applicants their own; anyone else gets 404.
 */
describe('funded projects over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  it('creates a project per funded proposal at the decision and shows each reader what it may see', async () => {
    const { callId, pmId, agencies, proposals } = await decidedCallOverHttp(env(), url());
    const pm = tokenFor(pmId);
    const [trento] = agencies;
    const all = await http().get(`/api/v1/calls/${callId}/projects`).auth(pm, { type: 'bearer' });
    expect(all.status).toBe(200);
    type View = {
      id: string;
      acronym: string;
      state: string;
      milestones: Array<{ dueMonth: number; state: string }>;
      grants: Array<{ agencyId: string; instalments: unknown[] }>;
    };
    const items = all.body.items as View[];
    expect(items.map((p) => [p.acronym, p.state, p.milestones.map((m) => m.dueMonth), p.grants.length])).toEqual([
      ['ONE', 'ACTIVE', [12, 24], 2],
      ['TWO', 'ACTIVE', [12, 24], 2],
    ]);
    expect(items[0].grants.every((g) => g.instalments.length === 3)).toBe(true);
    const [one, two] = items;
    // Its workflow runs (started through the outbox in the decision's transaction).
    await expectEventually(async () =>
      expect((await env().client.workflow.getHandle(WorkflowIds.project(one.id)).describe()).status.name).toBe(
        'RUNNING',
      ),
    );

    // An agency sees the projects with its grants, and only its own partners' grants.
    const trentoView = await http()
      .get(`/api/v1/projects/${one.id}`)
      .auth(tokenFor(trento.officers[0].id), { type: 'bearer' });
    expect(trentoView.status).toBe(200);
    expect((trentoView.body as View).grants.map((g) => g.agencyId)).toEqual([trento.id]);
    // Applicants see their own project, not another's; outsiders see nothing.
    const coordinator = tokenFor(proposals[0].coordinator.userId);
    expect(
      (await http().get(`/api/v1/projects/${one.id}`).auth(coordinator, { type: 'bearer' })).body.grants,
    ).toHaveLength(2);
    expect((await http().get(`/api/v1/projects/${two.id}`).auth(coordinator, { type: 'bearer' })).status).toBe(404);
    expect(
      (await http().get(`/api/v1/calls/${callId}/projects`).auth(coordinator, { type: 'bearer' })).body.items.map(
        (p: View) => p.acronym,
      ),
    ).toEqual(['ONE']);
    const stranger = await createApplicantOrganisation(url(), 'ITH2');
    expect(
      (await http().get(`/api/v1/projects/${one.id}`).auth(tokenFor(stranger.userId), { type: 'bearer' })).status,
    ).toBe(404);
    const evaluator = await createUser(url(), 'EVALUATOR');
    expect(
      (await http().get(`/api/v1/projects/${one.id}`).auth(tokenFor(evaluator.id), { type: 'bearer' })).status,
    ).toBe(404);
  }, 180_000);
});
