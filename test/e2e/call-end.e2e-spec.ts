import request from 'supertest';
import { CompleteProjectUseCase } from '@app/application';
import { WorkflowIds } from '@app/contracts';
import { expectEventually } from '../utils/expect-eventually';
import { decidedCallOverHttp, passRedressWindows } from '../utils/decided-call';
import { tokenFor } from '../utils/proposal-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/**
 * SPEC §4: a decided call moves on by itself, over HTTP — DECIDED → MONITORING once the reserve list is closed and
 * every funded project has started (its consortium agreement accepted), → CLOSED once every project has ended; its
 * workflow then completes. It never closes while a project still runs or the reserve list is open.
 */
describe('a call reaches its end over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());
  const bearer = (userId: string) => ({ Authorization: `Bearer ${tokenFor(userId)}` });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

  it('goes DECIDED → MONITORING → CLOSED as its projects start and end, and its workflow completes', async () => {
    const { callId, pmId, proposals } = await decidedCallOverHttp(env(), url(), ['ONE', 'TWO']);
    const pm = bearer(pmId);
    const callState = async () => (await http().get(`/api/v1/calls/${callId}`).set(pm)).body.state as string;
    const projects = (await http().get(`/api/v1/calls/${callId}/projects`).set(pm)).body.items as Array<{
      id: string;
      acronym: string;
    }>;
    expect(projects.map((p) => p.acronym)).toEqual(['ONE', 'TWO']);
    const [one, two] = projects;
    // A project's workflow is started through the outbox: its decisions are taken once it runs.
    for (const project of projects)
      await expectEventually(async () =>
        expect((await env().client.workflow.getHandle(WorkflowIds.project(project.id)).describe()).status.name).toBe(
          'RUNNING',
        ),
      );
    const coordinatorOf = (acronym: string) => proposals.find((p) => p.acronym === acronym)!.coordinator.userId;
    const startProject = async (project: { id: string; acronym: string }) => {
      const upload = await http()
        .put(`/api/v1/projects/${project.id}/consortium-agreement`)
        .set(bearer(coordinatorOf(project.acronym)))
        .set('Content-Type', 'application/pdf')
        .set('X-File-Name', 'ca.pdf')
        .send(Buffer.from('%PDF-1.4 consortium agreement, signed'));
      expect(upload.status).toBe(200);
      expect(
        (await http().post(`/api/v1/projects/${project.id}/consortium-agreement/accept`).set(pm).send({})).status,
      ).toBe(200);
    };
    const terminate = async (project: { id: string }) =>
      expect(
        (
          await http()
            .post(`/api/v1/projects/${project.id}/terminate`)
            .set(pm)
            .send({ reason: 'The consortium dissolved.' })
        ).body,
      ).toMatchObject({ projectState: 'TERMINATED' });

    // Both projects under way, but the reserve list is still open: the call stays DECIDED.
    await startProject(one);
    await startProject(two);
    await settle();
    expect(await callState()).toBe('DECIDED');

    // The reserve list closes and the redress windows are over: every funded project has started, the call is monitored.
    await passRedressWindows(url(), callId);
    expect((await http().post(`/api/v1/calls/${callId}/funding-decision/close-reserve`).set(pm)).status).toBe(200);
    await expectEventually(async () => expect(await callState()).toBe('MONITORING'));

    // One project ends; the other still runs: the call stays in MONITORING and its workflow runs.
    await terminate(one);
    await settle();
    expect(await callState()).toBe('MONITORING');
    const handle = env().client.workflow.getHandle(WorkflowIds.call(callId));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // What DECIDED alone allows is refused now, naming the state.
    const again = await http().post(`/api/v1/calls/${callId}/funding-decision/close-reserve`).set(pm);
    expect([again.status, again.body.code, again.body.detail]).toEqual([
      409,
      'CALL_STATE_CONFLICT',
      'The call is MONITORING; the reserve list is closed once DECIDED.',
    ]);

    // The last project ends: CLOSED, and the call's workflow completes with that state.
    await terminate(two);
    await expectEventually(async () => expect(await callState()).toBe('CLOSED'));
    await expectEventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
    expect(await handle.result()).toEqual({ finalState: 'CLOSED' });
    const cancel = await http().post(`/api/v1/calls/${callId}/cancel`).set(pm).send({ reason: 'Too late.' });
    expect([cancel.status, cancel.body.code]).toEqual([409, 'CALL_STATE_CONFLICT']);
    expect(await callState()).toBe('CLOSED');
  }, 180_000);

  it(`stays DECIDED while a proposal can still file a redress request: one filed after every project started and the \
reserve list closed is decided, and the call moves on once the last window is over`, async () => {
    const { callId, pmId, proposals } = await decidedCallOverHttp(env(), url(), ['ONE', 'TWO']);
    const pm = bearer(pmId);
    const callState = async () => (await http().get(`/api/v1/calls/${callId}`).set(pm)).body.state as string;
    const projects = (await http().get(`/api/v1/calls/${callId}/projects`).set(pm)).body.items as Array<{
      id: string;
      acronym: string;
    }>;
    for (const project of projects) {
      await expectEventually(async () =>
        expect((await env().client.workflow.getHandle(WorkflowIds.project(project.id)).describe()).status.name).toBe(
          'RUNNING',
        ),
      );
      const coordinator = proposals.find((p) => p.acronym === project.acronym)!.coordinator.userId;
      const upload = await http()
        .put(`/api/v1/projects/${project.id}/consortium-agreement`)
        .set(bearer(coordinator))
        .set('Content-Type', 'application/pdf')
        .set('X-File-Name', 'ca.pdf')
        .send(Buffer.from('%PDF-1.4 consortium agreement, signed'));
      expect(upload.status).toBe(200);
      expect(
        (await http().post(`/api/v1/projects/${project.id}/consortium-agreement/accept`).set(pm).send({})).status,
      ).toBe(200);
    }
    expect((await http().post(`/api/v1/calls/${callId}/funding-decision/close-reserve`).set(pm)).status).toBe(200);
    // Every project started, the reserve list closed — but the results went out today: the decision is not final.
    await settle();
    expect(await callState()).toBe('DECIDED');

    // A coordinator files within its window; the programme manager's outcome is accepted (it needs DECIDED).
    const one = proposals.find((p) => p.acronym === 'ONE')!;
    const filed = await http()
      .post(`/api/v1/proposals/${one.id}/redress`)
      .set(bearer(one.coordinator.userId))
      .send({ grounds: 'The consensus meeting was held without our rapporteur.' });
    expect(filed.status).toBe(201);
    // The windows close meanwhile (moved back, as 31 days would): the filed request alone holds the call.
    await passRedressWindows(url(), callId);
    await settle();
    expect(await callState()).toBe('DECIDED');
    const outcome = await http()
      .post(`/api/v1/redress/${filed.body.id as string}/outcome`)
      .set(pm)
      .send({ outcome: 'REJECTED', reason: 'The rapporteur took part in writing.' });
    expect([outcome.status, outcome.body.code]).toEqual([200, undefined]);
    await expectEventually(async () => expect(await callState()).toBe('MONITORING'));
  }, 180_000);

  it('surfaces a completion the project cannot take instead of swallowing it, and leaves the project ACTIVE', async () => {
    const { callId, pmId } = await decidedCallOverHttp(env(), url(), ['ONE']);
    const [project] = (await http().get(`/api/v1/calls/${callId}/projects`).set(bearer(pmId))).body.items as Array<{
      id: string;
    }>;
    // No final report accepted, no instalment paid: the completion is refused loudly (the activity retries it).
    const completion = env()
      .app.get(CompleteProjectUseCase, { strict: false })
      .execute({ projectId: project.id, at: new Date().toISOString() });
    await expect(completion).rejects.toThrow(/cannot complete.*FINAL_REPORT_NOT_ACCEPTED/s);
    expect((await http().get(`/api/v1/projects/${project.id}`).set(bearer(pmId))).body.state).toBe('ACTIVE');
  }, 180_000);
});
