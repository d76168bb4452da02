import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

interface Sample {
  path: string;
  code: string;
}

/** Lints every sample in one ESLint process, through the project's real configuration. */
function lintAll(samples: Sample[]): Promise<Map<string, LintMessage[]>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'lint-texts.mjs')], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`lint-texts exited ${code}: ${stderr}`));
      const results = JSON.parse(stdout) as Array<{ path: string; messages: LintMessage[] }>;
      resolve(new Map(results.map((r) => [r.path, r.messages])));
    });
    child.stdin.end(JSON.stringify(samples.map((s) => ({ path: path.join(ROOT, s.path), code: s.code }))));
  });
}

const restricted = (messages: LintMessage[]): string[] =>
  messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);

const sqlOutsidePersistence = (messages: LintMessage[]): string[] =>
  messages
    .filter(
      (m) =>
        (m.ruleId === 'no-restricted-syntax' || m.ruleId === '@typescript-eslint/no-restricted-imports') &&
        m.message.includes('SQL lives in libs/persistence'),
    )
    .map((m) => m.ruleId as string);

/** The API and the worker reach the database only through repositories and read models of libs/persistence. */
const SQL_FORBIDDEN: Array<[string, string, string[]]> = [
  [
    'apps/api/src/sql-sample.controller.ts',
    `export class SampleController {
  constructor(private readonly dataSource: { query(sql: string, params: unknown[]): Promise<unknown[]> }) {}
  list(id: string) {
    return this.dataSource.query('SELECT * FROM proposal WHERE call_id = $1', [id]);
  }
}
`,
    ['no-restricted-syntax'],
  ],
  [
    'apps/api/src/typeorm-sample.service.ts',
    "import { DataSource } from 'typeorm';\nexport const sample = (ds: DataSource) => ds;\n",
    ['@typescript-eslint/no-restricted-imports'],
  ],
  [
    'apps/worker/src/activities/typeorm-sample.activities.ts',
    "import type { EntityManager } from 'typeorm';\nexport const sample = (m: EntityManager) => m;\n",
    ['@typescript-eslint/no-restricted-imports'],
  ],
  [
    'apps/worker/src/activities/transaction-sample.activities.ts',
    `export async function sample(ds: { transaction(work: () => Promise<void>): Promise<void> }) {
  await ds.transaction(async () => undefined);
}
`,
    ['no-restricted-syntax'],
  ],
];

const REPOSITORY_USE = `import { UnitOfWork, UserRepository } from '@app/persistence';
export class SampleController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
  ) {}
  find(id: string) {
    return this.uow.read((tx) => this.users.findById(tx, id));
  }
}
`;

const WORKFLOW_FORBIDDEN = [
  "import { Injectable } from '@nestjs/common';",
  "import { DataSource } from 'typeorm';",
  "import { readFileSync } from 'node:fs';",
  "import * as fs from 'fs';",
  "import { RuntimeProbeRepository } from '@app/persistence';",
  "import { TemporalWorkerService } from '../apps/worker/src/temporal-worker.service';",
  "import { Client } from '@temporalio/client';",
];

const WORKFLOW_ALLOWED = [
  "import { sleep } from '@temporalio/workflow';",
  "import type { RuntimeProbeInput } from '@app/contracts';",
  "import { DomainError } from '@app/domain';",
  "import { runtimeProbeWorkflow } from './runtime-probe.workflow';",
  'export const refs = [sleep, DomainError, runtimeProbeWorkflow];',
  'export type I = RuntimeProbeInput;',
].join('\n');

const LAYERING_FORBIDDEN: Array<[string, string]> = [
  ['libs/domain/src/rule.ts', "import { Injectable } from '@nestjs/common';"],
  ['libs/domain/src/rule.ts', "import { DataSource } from 'typeorm';"],
  ['libs/domain/src/rule.ts', "import { randomUUID } from 'node:crypto';"],
  ['libs/contracts/src/x.ts', "import { AppConfig } from '@app/config';"],
  [
    'libs/persistence/src/x.ts',
    "import { ActivitiesRegistry } from '../../../apps/worker/src/activities/activities.registry';",
  ],
  ['apps/api/src/x.ts', "import { TemporalWorkerService } from '../../worker/src/temporal-worker.service';"],
  ['apps/api/src/x.ts', "import { runtimeProbeWorkflow } from '../../../workflows/runtime-probe.workflow';"],
];

const API_TYPE_IMPORT =
  'import type { runtimeProbeWorkflow } from ' +
  "'../../../workflows/runtime-probe.workflow';\nexport type W = typeof runtimeProbeWorkflow;\n";

describe('architecture lint (`npm run lint`, run by `npm test` in CI)', () => {
  let results: Map<string, LintMessage[]>;
  const samples: Sample[] = [
    ...WORKFLOW_FORBIDDEN.map((line, i) => ({
      path: `workflows/forbidden-${i}.workflow.ts`,
      code: `${line}\nexport const x = 1;\n`,
    })),
    { path: 'workflows/allowed.workflow.ts', code: WORKFLOW_ALLOWED },
    ...LAYERING_FORBIDDEN.map(([file, line], i) => ({
      path: file.replace(/\.ts$/, `-${i}.ts`),
      code: `${line}\nexport const x = 1;\n`,
    })),
    { path: 'apps/api/src/type-only.ts', code: API_TYPE_IMPORT },
    ...SQL_FORBIDDEN.map(([file, code]) => ({ path: file, code })),
    { path: 'apps/api/src/repository-sample.controller.ts', code: REPOSITORY_USE },
  ];
  const messagesOf = (p: string): LintMessage[] => {
    const messages = results.get(path.join(ROOT, p));
    if (!messages) throw new Error(`no lint result for ${p}`);
    return messages;
  };

  beforeAll(async () => {
    results = await lintAll(samples);
  }, 60_000);

  it.each(WORKFLOW_FORBIDDEN.map((line, i) => [line, i] as const))(
    'fails a forbidden import in workflows/: %s',
    (_line, i) => {
      expect(restricted(messagesOf(`workflows/forbidden-${i}.workflow.ts`))).toEqual([
        expect.stringContaining('workflows may import only'),
      ]);
    },
  );

  it('accepts the allowed imports in workflows/', () => {
    expect(messagesOf('workflows/allowed.workflow.ts')).toEqual([]);
  });

  it.each(LAYERING_FORBIDDEN.map(([file, line], i) => [file, line, i] as const))(
    'fails a dependency against the layering in %s: %s',
    (file, _line, i) => {
      expect(restricted(messagesOf(file.replace(/\.ts$/, `-${i}.ts`)))).toHaveLength(1);
    },
  );

  it('lets the API import workflow types only', () => {
    expect(restricted(messagesOf('apps/api/src/type-only.ts'))).toEqual([]);
  });

  it.each(SQL_FORBIDDEN.map(([file, , rules]) => [file, rules] as const))(
    'fails SQL or TypeORM outside libs/persistence in %s',
    (file, rules) => {
      expect(sqlOutsidePersistence(messagesOf(file))).toEqual(rules);
    },
  );

  it('accepts a repository used inside the unit of work', () => {
    expect(messagesOf('apps/api/src/repository-sample.controller.ts')).toEqual([]);
  });
});
