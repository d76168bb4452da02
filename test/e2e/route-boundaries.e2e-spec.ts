import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { WorkflowIds } from '@app/contracts';
import { callBody, createUser } from '../utils/call-fixtures';
import { decidedCallOverHttp } from '../utils/decided-call';
import { expectEventually } from '../utils/expect-eventually';
import type { RankedCallFixture } from '../utils/funding-fixtures';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { createPoolEvaluator } from '../utils/review-fixtures';
import { declaredFields, exampleOf, resolveSchema, routeTable, type ApiRoute } from '../utils/route-table';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/** Routes whose path parameters name nothing behind a boundary, each with the reason. */
const OUTSIDE_ANY_BOUNDARY: Record<string, string> = {
  'GET /api/v1/public/calls/{id}': 'an OPEN call is public (SPEC §2); any other call is 404 to everyone',
};

/**
 * Answers other than 404/403 that are right for one caller, each with the reason (`<route> as <caller>`).
 * Calls in a public state are not behind a boundary; their reads are held to disclosing nothing of A instead.
 */
const BY_DESIGN: Record<string, string> = {
  'GET /api/v1/organisations/{id} as officer of B':
    'officers see the organisations of their agency’s region (the directory), whatever the call; B shares A’s regions',
  'POST /api/v1/calls/{id}/proposals as applicant of B':
    'any applicant may start a proposal in a public call: A’s call is DECIDED, so 409 CALL_STATE_CONFLICT',
};

/** Body values that a schema alone does not pin down (patterns the document does not carry), by property name. */
const hint = (name: string): unknown =>
  ({
    email: `invitee-${randomUUID().slice(0, 8)}@acie.test`,
    declarationHash: '0'.repeat(64),
  })[name];

/** Fields that a client could be tempted to set and no write DTO may take unless it declares them. */
const FORBIDDEN_FIELDS = [
  'id',
  'state',
  'status',
  'score',
  'amount',
  'amountMinor',
  'budget',
  'createdBy',
  'weightedTotal',
  'rank',
  'decidedBy',
  'paidAt',
];

/** Tables a refused request may touch without changing the business (attempt counters, probes, the audit of refusals). */
const NOT_BUSINESS = new Set(['migrations', 'login_attempt', 'runtime_probe', 'idempotency_record', 'audit_event']);

/** Tables whose rows the worker updates as it delivers them: a refused request must add no row to them. */
const DELIVERED_IN_BACKGROUND = new Set(['outbox_message', 'workflow_signal_outbox']);

/** One funded project of a world, with the people inside its boundary. */
interface Part {
  projectId: string;
  proposalId: string;
  grantId: string;
  instalmentId: string;
  partnerOrganisationId: string;
  coordinatorId: string;
  coordinatorOrganisationId: string;
  /** An evaluator of the call assigned to this proposal only. */
  evaluatorId: string;
  assignmentId: string;
  /** A second evaluator of the same proposal (not its rapporteur). */
  coEvaluatorId: string;
}

interface World {
  fixture: RankedCallFixture;
  parts: Part[];
  officerId: string;
  adminId: string;
}

/**
 * SPEC §8 from the running application's route table: every route that takes an object id is called by
 * the users of another world (an applicant organisation, an agency, an evaluator of another call) on
 * world A's objects and must answer 404 — or 403 when their role may never call it — and change nothing;
 * every JSON write refuses fields it does not declare (`state`, `score`, amounts, …) with 400 naming them,
 * and writes nothing. A new route or parameter is covered without being added anywhere: one the test
 * cannot fill fails it.
 */
describe('route boundaries: foreign callers and mass assignment, from the route table', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());
  const bearer = (userId: string) => ({ Authorization: `Bearer ${tokenFor(userId)}` });

  let a: World;
  let b: World;
  let ids: Record<string, string>;
  let idsOfNeighbour: Record<string, string>;
  let idsOfB: Record<string, string>;
  /** World A's ids behind a boundary: a public call's answer to B's callers must not contain any. */
  let secretsOfA: string[];
  /** A call of A's programme manager still in DRAFT: internal, so no one of B sees it. */
  let draftCallId: string;
  let tables: string[];

  async function world(acronyms: string[]): Promise<World> {
    const fixture = await decidedCallOverHttp(env(), url(), acronyms);
    const projects = (await http().get(`/api/v1/calls/${fixture.callId}/projects`).set(bearer(fixture.pmId))).body
      .items as Array<{ id: string; proposalId: string; grants: Array<{ id: string; organisationId: string }> }>;
    expect(projects).toHaveLength(2);
    const parts: Part[] = [];
    for (const project of projects) {
      const proposal = fixture.proposals.find((p) => p.id === project.proposalId)!;
      // The partner of the other region (AT31): its grant, instalment and eligibility belong to the second agency.
      const partner = project.grants.find((g) => g.organisationId !== proposal.coordinator.organisationId)!;
      await expectEventually(async () =>
        expect((await env().client.workflow.getHandle(WorkflowIds.project(project.id)).describe()).status.name).toBe(
          'RUNNING',
        ),
      );
      const [instalment] = await queryRows<{ id: string }>(
        url(),
        'SELECT id FROM instalment WHERE grant_id = $1 ORDER BY id LIMIT 1',
        [partner.id],
      );
      const evaluator = await createPoolEvaluator(url(), fixture.callId, fixture.pmId, {
        expertise: ['robotics'],
        country: 'DE',
      });
      const coEvaluator = await createPoolEvaluator(url(), fixture.callId, fixture.pmId, {
        expertise: ['robotics'],
        country: 'FR',
      });
      const assignmentIds = [randomUUID(), randomUUID()];
      for (const [i, evaluatorId] of [evaluator.id, coEvaluator.id].entries())
        await queryRows(
          url(),
          `INSERT INTO review_assignment (id, call_id, proposal_id, stage_no, evaluator_id, state, origin, affinity,
              reason, offer_expires_at, review_due_at)
           VALUES ($1, $2, $3, 1, $4, 'ACCEPTED', 'MANUAL', 50, 'fixture', now() + interval '5 days',
              now() + interval '20 days')`,
          [assignmentIds[i], fixture.callId, proposal.id, evaluatorId],
        );
      const assignmentId = assignmentIds[0];
      parts.push({
        projectId: project.id,
        proposalId: proposal.id,
        grantId: partner.id,
        instalmentId: instalment.id,
        partnerOrganisationId: partner.organisationId,
        coordinatorId: proposal.coordinator.userId,
        coordinatorOrganisationId: proposal.coordinator.organisationId,
        evaluatorId: evaluator.id,
        assignmentId,
        coEvaluatorId: coEvaluator.id,
      });
    }
    return {
      fixture,
      parts,
      officerId: fixture.agencies[0].officers[0].id,
      adminId: (await createUser(url(), 'ADMIN')).id,
    };
  }

  /**
   * The objects of one part by `segment/{param}`, created here where they only exist once something has been
   * done (a job, a redress request, an amendment, a report, an attachment: written directly, as fixtures).
   */
  async function objectsOf(w: World, part: Part): Promise<Record<string, string>> {
    const { fixture } = w;
    const jobId = randomUUID();
    await queryRows(
      url(),
      "INSERT INTO job (id, kind, call_id, started_by, status) VALUES ($1, 'AUTO_ASSIGNMENT', $2, $3, 'SUCCEEDED')",
      [jobId, fixture.callId, fixture.pmId],
    );
    const redressId = randomUUID();
    await queryRows(
      url(),
      `INSERT INTO redress_request (id, proposal_id, call_id, stage_no, filed_by, grounds, result_at, filed_at)
       VALUES ($1, $2, $3, 1, $4, 'The score ignores our pilot results.', now() - interval '1 day', now())`,
      [redressId, part.proposalId, fixture.callId, part.coordinatorId],
    );
    const amendmentId = randomUUID();
    await queryRows(
      url(),
      `INSERT INTO project_amendment (id, project_id, request, justification, required_agencies, requested_by)
       VALUES ($1, $2, '{}', 'Rebalance', $3, $4)`,
      [amendmentId, part.projectId, [fixture.agencies[0].id], part.coordinatorId],
    );
    const reportId = randomUUID();
    await queryRows(
      url(),
      `INSERT INTO project_report (id, project_id, kind, subject, milestone_idx, from_month, to_month, revision, summary,
          submitted_by, submitted_at)
       VALUES ($1, $2, 'MILESTONE', 'M0', 0, 1, 12, 1, 'Prototype built.', $3, now())`,
      [reportId, part.projectId, part.coordinatorId],
    );
    const bytes = Buffer.from(`%PDF-1.4 fixture ${randomUUID()}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await queryRows(url(), 'INSERT INTO attachment_blob (sha256, media_type, size, bytes) VALUES ($1, $2, $3, $4)', [
      sha256,
      'application/pdf',
      bytes.length,
      bytes,
    ]);
    await queryRows(url(), 'INSERT INTO proposal_attachment (proposal_id, sha256, uploaded_by) VALUES ($1, $2, $3)', [
      part.proposalId,
      sha256,
      part.coordinatorId,
    ]);
    return {
      'calls/{id}': fixture.callId,
      'commitments/{agencyId}': fixture.agencies[0].id,
      'evaluators/{userId}': part.evaluatorId,
      'grants/{id}': part.grantId,
      'instalments/{id}': part.instalmentId,
      'jobs/{id}': jobId,
      'organisations/{id}': part.coordinatorOrganisationId,
      'members/{userId}': part.coordinatorId,
      'projects/{id}': part.projectId,
      'amendments/{amendmentId}': amendmentId,
      'milestones/{idx}': '0',
      'periods/{sequence}': '1',
      'reports/{reportId}': reportId,
      'proposals/{id}': part.proposalId,
      'annex/{organisationId}': part.partnerOrganisationId,
      'eligibility/{organisationId}': part.partnerOrganisationId,
      'partners/{organisationId}': part.partnerOrganisationId,
      'attachments/{sha256}': sha256,
      'versions/{version}': '1',
      'redress/{id}': redressId,
      'assignments/{id}': part.assignmentId,
    };
  }

  /**
   * What of a row counts: the whole row, except in the two outboxes, whose rows the worker delivers in the background
   * (status, attempts, locks change while the test runs); there a refused request must only add no row.
   */
  const rowOf = (table: string): string => (DELIVERED_IN_BACKGROUND.has(table) ? 'x.id::text' : 'x::text');

  /** One hash per business table: a refused request must leave every one unchanged. */
  async function fingerprint(): Promise<Record<string, string>> {
    const sql = tables
      .map(
        (t) =>
          `SELECT '${t}' AS t, md5(coalesce(string_agg(md5(${rowOf(t)}), ',' ORDER BY md5(${rowOf(t)})), '')) AS h ` +
          `FROM "${t}" x`,
      )
      .join(' UNION ALL ');
    return Object.fromEntries((await queryRows<{ t: string; h: string }>(url(), sql)).map((r) => [r.t, r.h]));
  }
  const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
    Object.keys(after).filter((t) => before[t] !== after[t]);

  /** The route's path on world A's objects, or why it cannot be built. */
  function pathOn(route: ApiRoute, values: Record<string, string>): { path?: string; missing?: string } {
    let missing: string | undefined;
    const path = route.path.replace(/([\w-]+)\/\{(\w+)\}/g, (_m, segment: string, param: string) => {
      const value = route.paramValues[param]?.[0] ?? values[`${segment}/{${param}}`];
      if (value === undefined) missing ??= `{${param}}`;
      return `${segment}/${value}`;
    });
    return missing ? { missing } : { path };
  }

  function send(route: ApiRoute, path: string, userId: string | undefined, body: unknown) {
    let req = http()[route.method.toLowerCase() as 'get'](path);
    if (userId) req = req.set(bearer(userId));
    if (route.method === 'GET' || route.method === 'DELETE') return req;
    req = req.set('Idempotency-Key', randomUUID());
    if (route.rawBody)
      return req.set('Content-Type', 'application/pdf').set('X-File-Name', 'x.pdf').send(Buffer.from('%PDF-1.4'));
    return req.send(body as object);
  }

  beforeAll(async () => {
    a = await world(['RA1', 'RA2', 'RA3']);
    b = await world(['RB1', 'RB2', 'RB3']);
    ids = await objectsOf(a, a.parts[0]);
    idsOfNeighbour = await objectsOf(a, a.parts[1]);
    idsOfB = await objectsOf(b, b.parts[0]);
    const draft = await http().post('/api/v1/calls').set(bearer(a.fixture.pmId)).send(callBody(Date.now()));
    expect(draft.status).toBe(201);
    draftCallId = draft.body.id as string;
    secretsOfA = Object.entries(ids)
      .filter(([key, value]) => !['calls/{id}', 'commitments/{agencyId}'].includes(key) && value.length > 8)
      .map(([, value]) => value);
    tables = (
      await queryRows<{ tablename: string }>(url(), "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    )
      .map((r) => r.tablename)
      .filter((t) => !NOT_BUSINESS.has(t))
      .sort();
  }, 300_000);

  it('reads the route table from the running application, and the OpenAPI document agrees with it', () => {
    const table = routeTable(env().app);
    expect(table.routes.length).toBeGreaterThan(100);
    expect({ onlyInRouter: table.onlyInRouter, onlyInDocument: table.onlyInDocument }).toEqual({
      onlyInRouter: [],
      onlyInDocument: [],
    });
    // A handler that takes a body the document does not describe could not be held to its schema below.
    expect(table.routes.filter((r) => r.takesBody && !r.jsonBody && !r.rawBody).map((r) => r.label)).toEqual([]);
  });

  it(`answers every route that takes an object id with 404 (403 by role) to the callers of another world, \
and changes nothing`, async () => {
    const { routes, document } = routeTable(env().app);
    const schemas = document.components?.schemas ?? {};
    // `own`: the ids a 403 is compared against — refused there too means refused by role. Callers that see
    // A's proposal or project (the co-evaluator, the other region's officer) may be told 403 on it.
    const everyRoute = () => true;
    // Inside A's call but outside A's first project: routes on an object below the call.
    const belowTheCall = (route: ApiRoute) =>
      route.params.some((param) => !(param in route.paramValues)) &&
      !/^\/api\/v1\/calls\/\{id\}(\/[a-z-]+)*$/.test(route.path);
    // The officer of A's other region sees the project, but not the AT31 partner's money or eligibility.
    const ofThePartner = (route: ApiRoute) => /\/(grants|instalments)\/\{id\}|\/eligibility\//.test(route.path);
    const callers: Array<{
      name: string;
      id: string;
      role: string;
      own: Record<string, string>;
      applies: (route: ApiRoute) => boolean;
    }> = [
      { name: 'applicant of B', id: b.parts[0].coordinatorId, role: 'APPLICANT', own: idsOfB, applies: everyRoute },
      { name: 'officer of B', id: b.officerId, role: 'AGENCY_OFFICER', own: idsOfB, applies: everyRoute },
      { name: 'evaluator of B', id: b.parts[0].evaluatorId, role: 'EVALUATOR', own: idsOfB, applies: everyRoute },
      {
        name: 'applicant of A’s other project',
        id: a.parts[1].coordinatorId,
        role: 'APPLICANT',
        own: idsOfNeighbour,
        applies: belowTheCall,
      },
      {
        name: 'evaluator of A’s other proposal',
        id: a.parts[1].evaluatorId,
        role: 'EVALUATOR',
        own: idsOfNeighbour,
        applies: belowTheCall,
      },
      {
        // Sees the proposal (assigned too), but not another evaluator's assignment, nor the reviews (not rapporteur).
        name: 'co-evaluator of A’s first proposal',
        id: a.parts[0].coEvaluatorId,
        role: 'EVALUATOR',
        own: ids,
        applies: (route) =>
          /\/assignments\/\{id\}|\/proposals\/\{id\}\/(reviews|consensus|rapporteur)/.test(route.path),
      },
      { name: 'officer of A’s other region', id: a.officerId, role: 'AGENCY_OFFICER', own: ids, applies: ofThePartner },
    ];
    const problems: string[] = [];
    const tally = new Map<string, number>();
    let checked = 0;
    for (const route of routes.filter((r) => r.params.length > 0)) {
      if (OUTSIDE_ANY_BOUNDARY[route.label]) continue;
      const { path, missing } = pathOn(route, ids);
      if (!path) {
        problems.push(`route ${route.label}: no foreign object for ${missing}`);
        continue;
      }
      if (route.public) {
        problems.push(
          `route ${route.label}: public, yet takes an object id (add it to OUTSIDE_ANY_BOUNDARY with a reason)`,
        );
        continue;
      }
      const body = route.jsonBody ? exampleOf(route.jsonBody, schemas, hint) : undefined;
      const onCallOnly = route.params.length === 1 && /\/calls\/\{id\}/.test(route.path);
      // A route on the call alone is also tried on A's call before it is public (a draft): nothing to see there.
      const targets = [{ path, draft: false }];
      if (onCallOnly) targets.push({ path: pathOn(route, { 'calls/{id}': draftCallId }).path!, draft: true });
      for (const target of targets)
        for (const caller of callers.filter((c) => c.applies(route))) {
          const byRole = route.roles.length > 0 && !route.roles.includes(caller.role as never);
          const before = route.method === 'GET' ? undefined : await fingerprint();
          const res = await send(route, target.path, caller.id, body);
          checked += 1;
          const key = `${route.label} as ${caller.name}`;
          const where = target.draft ? ' (draft call)' : '';
          tally.set(`${caller.name} ${res.status}`, (tally.get(`${caller.name} ${res.status}`) ?? 0) + 1);
          // The router's own 404 (a path built wrong) proves nothing about the boundary.
          const routed = !/^Cannot /.test(String(res.body?.detail ?? ''));
          let fine =
            (res.status === 404 && routed) ||
            (res.status === 403 && byRole) ||
            (Boolean(BY_DESIGN[key]) && !target.draft);
          if (!fine && res.status === 403) {
            // Refused by role, not by boundary, when the caller is refused on its own world's object too.
            const own = pathOn(route, caller.own).path!;
            fine = (await send(route, own, caller.id, body)).status === 403;
          }
          if (!fine && res.status === 200 && route.method === 'GET' && onCallOnly && !target.draft) {
            // A public call: what the caller may see of it, provided nothing of A behind a boundary shows.
            const text = JSON.stringify(res.body);
            fine = !secretsOfA.some((secret) => text.includes(secret));
          }
          if (!fine)
            problems.push(
              `${key}${where}: ${res.status} ${res.body?.code ?? ''} ` + String(res.body?.detail ?? '').slice(0, 120),
            );
          if (before) {
            const changed = changedTables(before, await fingerprint());
            if (changed.length) problems.push(`${key}${where}: changed ${changed.join(', ')}`);
          }
        }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(150);
    // Every caller reached a boundary check (not only role refusals).
    expect(callers.filter((c) => !tally.get(`${c.name} 404`)).map((c) => c.name)).toEqual([]);
  }, 300_000);

  it('refuses, on every JSON write, the fields its DTO does not declare — with 400 naming each — and writes nothing', async () => {
    const { routes, document } = routeTable(env().app);
    const schemas = document.components?.schemas ?? {};
    const actorFor = (route: ApiRoute): string | undefined => {
      if (route.public) return undefined;
      const roles = route.roles;
      if (roles.length === 0 || roles.includes('PROGRAMME_MANAGER' as never)) return a.fixture.pmId;
      if (roles.includes('APPLICANT' as never)) return a.parts[0].coordinatorId;
      if (roles.includes('AGENCY_OFFICER' as never)) return a.officerId;
      if (roles.includes('EVALUATOR' as never)) return a.parts[0].evaluatorId;
      return a.adminId;
    };
    const problems: string[] = [];
    const nestedChecked: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.method !== 'GET' && r.jsonBody)) {
      const schema = resolveSchema(route.jsonBody, schemas);
      if (schema.type && schema.type !== 'object') {
        // Not reached today: every JSON body is an object.
        problems.push(`${route.label}: a ${schema.type} body cannot be checked for extra fields`);
        continue;
      }
      const { path, missing } = pathOn(route, ids);
      if (!path) {
        problems.push(`route ${route.label}: no foreign object for ${missing}`);
        continue;
      }
      const declared = declaredFields(route.jsonBody, schemas);
      const forbidden = FORBIDDEN_FIELDS.filter((f) => !declared.has(f));
      const body: Record<string, unknown> = {
        ...(exampleOf(route.jsonBody, schemas, hint) as object),
        ...Object.fromEntries(forbidden.map((f) => [f, f === 'id' || f === 'createdBy' ? randomUUID() : 1])),
      };
      // Nested DTOs (an object, or an array's first item) are sent one undeclared field each as well; maps
      // (`additionalProperties`) take any key by design.
      const nested: string[] = [];
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const resolved = resolveSchema(property, schemas);
        const item = resolved.type === 'array' ? resolveSchema(resolved.items, schemas) : resolved;
        if (!item.properties || item.additionalProperties) continue;
        const extra = FORBIDDEN_FIELDS.find((f) => !(f in item.properties!))!;
        const value = { ...(exampleOf(item, schemas, hint) as object), [extra]: 1 };
        body[name] = resolved.type === 'array' ? [value] : value;
        nestedChecked.push(`${route.label}:${name}`);
        nested.push(resolved.type === 'array' ? `${name}.0.${extra}|${name}[0].${extra}` : `${name}.${extra}`);
      }
      const before = await fingerprint();
      const res = await send(route, path, actorFor(route), body);
      checked += 1;
      const named = new Set(
        ((res.body?.errors ?? []) as Array<{ field: string; code: string }>)
          .filter((e) => e.code === 'whitelistValidation')
          .map((e) => e.field),
      );
      const accepted = [
        ...forbidden.filter((f) => !named.has(f)),
        ...nested.filter((alternatives) => !alternatives.split('|').some((f) => named.has(f))),
      ];
      if (res.status !== 400 || accepted.length)
        problems.push(
          `${route.label}: ${res.status} ${res.body?.code ?? ''}, not refused: ${accepted.join(', ') || '-'}`,
        );
      const changed = changedTables(before, await fingerprint());
      if (changed.length) problems.push(`${route.label}: changed ${changed.join(', ')}`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(40);
    expect(nestedChecked.length).toBeGreaterThan(20);
  }, 300_000);
});
