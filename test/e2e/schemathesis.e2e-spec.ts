import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from '@app/common';
import { routesByOperationId } from '../../apps/api/src/openapi/problem-responses';
import { loadRuntimeConfig } from '../../libs/config/src/runtime-config';
import { run } from '../../scripts/runtime/process-tools';
import { resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import { locateSchemathesis } from '../../scripts/runtime/schemathesis';
import type { AppProcess } from '../utils/app-process';
import { createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { decidedCallOverHttp } from '../utils/decided-call';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { createPoolEvaluator } from '../utils/review-fixtures';
import { startSmtpTestServer, type SmtpTestServer } from '../utils/smtp-test-server';
import { testAppConfig, testEnvironment } from '../utils/test-environment';
import { startWorkerProcess, stopWorkerProcess } from '../utils/worker-process';

/**
 * Schemathesis (pinned, from PyPI, cached outside the clone by scripts/runtime/schemathesis.ts) against the
 * served OpenAPI document, once per role with that role's bearer token, path parameters pointing at seeded
 * objects so that requests reach past 401/403/404. Checks: no 5xx, documented status codes and content
 * types, and every response body matching its documented schema. Examples are bounded (a few per operation
 * and phase) so that all five roles together take a few minutes on two cores.
 */

const DAY = 86_400_000;
const ROLES = ['APPLICANT', 'EVALUATOR', 'AGENCY_OFFICER', 'PROGRAMME_MANAGER', 'ADMIN'] as const;
type Role = (typeof ROLES)[number];
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];
const MAX_EXAMPLES = Number(process.env.ACIE_SCHEMATHESIS_MAX_EXAMPLES ?? 3);
const SEED = process.env.ACIE_SCHEMATHESIS_SEED ?? '1916';
const REPORT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'schemathesis');

/**
 * Known failures kept out on purpose, each with its reason: an operation (METHOD path), the check that fails there
 * and, where given, what the failing request carries (`when`, matched against the failure's curl reproduction), so
 * that any other failure of the same operation and check still fails the test.
 */
const EXCLUDED: Array<{ operation: string; check: string; when?: RegExp; why: string }> = [];

interface Document {
  paths: Record<string, Record<string, { operationId?: string; parameters?: Array<{ in?: string; name?: string }> }>>;
}

interface Seeded {
  callId: string;
  openCallId: string;
  proposalId: string;
  projectId: string;
  grantId: string;
  instalmentId: string;
  organisationId: string;
  agencyId: string;
  assignmentId: string;
  users: Record<Role, string>;
}

/** The seeded object a path parameter names, from the parameter and the path segment before it. */
function pathValue(seeded: Seeded, apiPath: string, name: string): string | undefined {
  const segments = apiPath.split('/');
  const before = segments[segments.indexOf(`{${name}}`) - 1];
  if (name === 'id') {
    const byCollection: Record<string, string> = {
      calls: apiPath.startsWith('/api/v1/public/') ? seeded.openCallId : seeded.callId,
      proposals: seeded.proposalId,
      projects: seeded.projectId,
      grants: seeded.grantId,
      instalments: seeded.instalmentId,
      organisations: seeded.organisationId,
      assignments: seeded.assignmentId,
      // No seeded job or redress request: a well-formed id of nothing still exercises the 404 answer.
      jobs: randomUUID(),
      redress: randomUUID(),
    };
    return byCollection[before];
  }
  const byName: Record<string, string> = {
    agencyId: seeded.agencyId,
    organisationId: seeded.organisationId,
    userId: before === 'evaluators' ? seeded.users.EVALUATOR : seeded.users.APPLICANT,
    reportId: randomUUID(),
    amendmentId: randomUUID(),
    idx: '0',
    sequence: '1',
    version: '1',
    // No seeded attachment: a well-formed hash of nothing.
    sha256: '0'.repeat(64),
  };
  return byName[name];
}

/** A TOML basic string. */
const toml = (value: string): string => JSON.stringify(value);

interface Failure {
  operation: string;
  check: string;
  /** Shortened for the test's message. */
  text: string;
  full: string;
}

/** Failures from schemathesis' JUnit report: one per operation and check, with its message (curl included). */
function failuresOf(junitXml: string): Failure[] {
  const unescape = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#10;/g, '\n')
      .replace(/&#13;/g, '')
      .replace(/&amp;/g, '&');
  const failures: Failure[] = [];
  for (const testcase of junitXml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const operation = unescape(/name="([^"]*)"/.exec(testcase[1])?.[1] ?? '?');
    for (const failure of (testcase[2] ?? '').matchAll(/<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/g)) {
      const message = unescape(/message="([^"]*)"/.exec(failure[2])?.[1] ?? '');
      const text = unescape(failure[3] ?? message);
      const shown = text.length > 3000 ? `${text.slice(0, 3000)}… (${text.length} characters)` : text;
      for (const check of checksOf(text).length ? checksOf(text) : [failure[1]])
        failures.push({ operation, check, text: shown, full: text });
    }
  }
  return failures;
}

/** Schemathesis' failure codes (`st explain <code>`) by the check that reports them. */
const CHECK_OF_CODE: Record<string, string> = {
  ST101: 'not_a_server_error',
  ST102: 'not_a_server_error',
  ST103: 'status_code_conformance',
  ST104: 'content_type_conformance',
  ST105: 'content_type_conformance',
  ST106: 'content_type_conformance',
  ST107: 'response_headers_conformance',
  ST108: 'response_schema_conformance',
  ST109: 'response_schema_conformance',
  ST110: 'response_schema_conformance',
  ST111: 'response_schema_conformance',
};

/** The checks a failure's text names, by their codes (one test case can fail several). */
function checksOf(text: string): string[] {
  const codes = [...text.matchAll(/^\s*- (ST\d{3}) /gm)].map((m) => m[1]);
  return [...new Set(codes.map((code) => CHECK_OF_CODE[code] ?? code))];
}

describe('schemathesis: every operation of the OpenAPI document, as each role, over seeded objects', () => {
  let smtp: SmtpTestServer | undefined;
  let worker: AppProcess | undefined;
  let app: INestApplication | undefined;
  let connection: Connection | undefined;
  let baseUrl = '';
  let seeded: Seeded;
  let schemathesis: { command: string; args: string[] };

  beforeAll(async () => {
    const installing = locateSchemathesis({
      cacheDir: resolveRuntimeDirs(loadRuntimeConfig()).cacheDir,
      pathVar: process.env.PATH,
      log: (line) => process.stderr.write(`[schemathesis] ${line}\n`),
    });
    smtp = await startSmtpTestServer();
    worker = await startWorkerProcess(smtp.url);
    // One fuzzer is one caller sending thousands of requests: the rate limits (tested in rate-limits.e2e)
    // would answer most of them 429 and hide what the operations do.
    app = await createApiApp(
      testAppConfig({
        LOG_LEVEL: 'fatal',
        RATE_LIMIT_PER_CALLER_PER_MINUTE: '0',
        RATE_LIMIT_OVERALL_PER_SECOND: '0',
        LOGIN_MAX_FAILURES_PER_EMAIL: '1000',
        LOGIN_MAX_FAILURES_PER_IP: '10000',
      }),
    );
    await new Promise<void>((resolve) => app!.getHttpServer().listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    const client = new Client({ connection });
    const url = testEnvironment().databaseUrl;

    const decided = await decidedCallOverHttp({ app, smtp, worker, client }, url);
    const funded = decided.proposals[0];
    const [project] = await queryRows<{ id: string }>(url, 'SELECT id FROM project WHERE proposal_id = $1', [
      funded.id,
    ]);
    const [grant] = await queryRows<{ id: string; instalment_id: string }>(
      url,
      `SELECT g.id, i.id AS instalment_id FROM funding_grant g JOIN instalment i ON i.grant_id = g.id
        WHERE g.proposal_id = $1 ORDER BY i.seq LIMIT 1`,
      [funded.id],
    );
    const evaluator = await createPoolEvaluator(url, decided.callId, decided.pmId, {
      expertise: ['robotics'],
      country: 'DE',
    });
    const assignmentId = randomUUID();
    await queryRows(
      url,
      `INSERT INTO review_assignment (id, call_id, proposal_id, stage_no, evaluator_id, state, origin, affinity, reason,
          offer_expires_at, review_due_at)
       VALUES ($1, $2, $3, 1, $4, 'ACCEPTED', 'MANUAL', 50, 'seeded', $5, $6)`,
      [
        assignmentId,
        decided.callId,
        decided.proposals[1].id,
        evaluator.id,
        new Date(Date.now() + 2 * DAY),
        new Date(Date.now() + 20 * DAY),
      ],
    );
    const open = await openCallFixture(url, {
      createdBy: decided.pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() + 30 * DAY),
    });
    seeded = {
      callId: decided.callId,
      openCallId: open.callId,
      proposalId: funded.id,
      projectId: project.id,
      grantId: grant.id,
      instalmentId: grant.instalment_id,
      organisationId: funded.coordinator.organisationId,
      agencyId: decided.agencies[0].id,
      assignmentId,
      users: {
        APPLICANT: funded.coordinator.userId,
        EVALUATOR: evaluator.id,
        AGENCY_OFFICER: decided.agencies[0].officers[0].id,
        PROGRAMME_MANAGER: decided.pmId,
        ADMIN: (await createUser(url, 'ADMIN')).id,
      },
    };
    schemathesis = await installing;
  }, 600_000);

  afterAll(async () => {
    await connection?.close();
    await app?.close();
    await stopWorkerProcess(worker);
    await smtp?.close();
  });

  /**
   * The operations a role is sent: those its roles allow, plus (for the applicant only, as an ordinary user)
   * the public ones. An operation a role may not call answers 403 at the guard before reading anything; the
   * route-coverage and OpenAPI document suites hold that answer.
   */
  function operationIdsFor(role: Role): string[] {
    const ids: string[] = [];
    for (const [operationId, route] of routesByOperationId(app!)) {
      const meta = (key: string): unknown =>
        Reflect.getMetadata(key, route.handler) ?? Reflect.getMetadata(key, route.controller);
      const roles = meta(REQUIRED_ROLES) as Role[] | undefined;
      if (meta(PUBLIC_ROUTE)) {
        if (role === 'APPLICANT') ids.push(operationId);
      } else if (!roles?.length || roles.includes(role)) ids.push(operationId);
    }
    return ids;
  }

  const documentOf = async (): Promise<Document> =>
    (await (await fetch(`${baseUrl}/api/docs/openapi.json`)).json()) as Document;

  async function operationsConfig(): Promise<{ config: string; unmapped: string[] }> {
    const document = await documentOf();
    const unmapped: string[] = [];
    const blocks: string[] = [];
    for (const apiPath of Object.keys(document.paths)) {
      const names = [...apiPath.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).filter((name) => name !== 'table');
      if (names.length === 0) continue;
      const values = names.map((name) => [name, pathValue(seeded, apiPath, name)] as const);
      for (const [name, value] of values) if (value === undefined) unmapped.push(`${apiPath} {${name}}`);
      const parameters = values
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => `${toml(`path.${name}`)} = ${toml(value!)}`);
      if (parameters.length === 0) continue;
      blocks.push(`[[operations]]\ninclude-path = ${toml(apiPath)}\nparameters = { ${parameters.join(', ')} }\n`);
    }
    return { config: blocks.join('\n'), unmapped };
  }

  it('maps every path parameter of the document to a seeded object, and sends every operation as some role', async () => {
    expect((await operationsConfig()).unmapped).toEqual([]);
    const document = await documentOf();
    const sent = new Set(ROLES.flatMap(operationIdsFor));
    const all = Object.values(document.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((id) => !id || !sent.has(id))).toEqual([]);
  });

  /**
   * One schemathesis run over `operationIds` with `phases`, as `role`; its failures (less the excluded pairs), and
   * the run's own error when it failed without any failing operation (a crash, an unloadable document).
   */
  async function runSchemathesis(role: Role, name: string, phases: string, operationIds: string[]) {
    if (operationIds.length === 0) return { failures: [] as Failure[] };
    const dir = path.join(REPORT_DIR, role.toLowerCase(), name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const configFile = path.join(dir, 'schemathesis.toml');
    writeFileSync(configFile, (await operationsConfig()).config);
    const junit = path.join(dir, 'junit.xml');
    const args = [
      ...schemathesis.args,
      '--config-file',
      configFile,
      'run',
      `${baseUrl}/api/docs/openapi.json`,
      '--url',
      baseUrl,
      '--checks',
      CHECKS.join(','),
      '--phases',
      phases,
      '--include-operation-id-regex',
      `^(${operationIds.join('|')})$`,
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      SEED,
      '--workers',
      '2',
      '--request-timeout',
      '30',
      '--header',
      `Authorization: Bearer ${tokenFor(seeded.users[role])}`,
      '--report',
      'junit',
      '--report-junit-path',
      junit,
      '--no-color',
      '--output-sanitize',
      'false',
      '--warnings',
      'off',
    ];
    const started = Date.now();
    const result = await run(schemathesis.command, args, { cwd: dir }).then(
      (output) => ({ ...output, code: 0 }),
      (error: Error) => ({ stdout: error.message, stderr: '', code: 1 }),
    );
    writeFileSync(path.join(dir, 'output.txt'), `${result.stdout}\n${result.stderr}`);
    process.stderr.write(
      `[schemathesis] ${role} ${phases} (${operationIds.length} operations): ${Date.now() - started} ms, exit ${result.code}\n`,
    );
    let report: string;
    try {
      report = readFileSync(junit, 'utf8');
    } catch {
      throw new Error(`schemathesis wrote no report:\n${result.stdout}\n${result.stderr}`);
    }
    const all = failuresOf(report);
    if (result.code !== 0 && all.length === 0) throw new Error(result.stdout);
    const exclusions = EXCLUDED;
    const excluded = (f: Failure) =>
      exclusions.some((e) => e.operation === f.operation && e.check === f.check && (!e.when || e.when.test(f.full)));
    return { failures: all.filter((f) => !excluded(f)) };
  }

  /**
   * Every role is sent the examples and random (fuzzing) cases of each operation it may call. The coverage phase's
   * boundary and invalid values test what an operation does with its input, which does not depend on who sends
   * it: each operation gets them once, as the first role (in `ROLES` order) that may call it.
   */
  it.each(ROLES)(
    'finds no 5xx and no answer outside the document as %s',
    async (role) => {
      const mine = operationIdsFor(role);
      const earlier = new Set(ROLES.slice(0, ROLES.indexOf(role)).flatMap(operationIdsFor));
      const everyRole = await runSchemathesis(role, 'fuzzing', 'examples,fuzzing', mine);
      const once = await runSchemathesis(
        role,
        'coverage',
        'coverage',
        mine.filter((id) => !earlier.has(id)),
      );
      const failures = [...everyRole.failures, ...once.failures];
      expect(failures.map((f) => `${f.operation} [${f.check}]\n${f.text}`)).toEqual([]);
    },
    900_000,
  );
});
