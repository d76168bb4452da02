// Lint rules that keep the architecture honest (STYLE "Layout"): a forbidden import fails CI
// rather than a workflow at run time.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const WORKFLOW_ALLOWED =
  'workflows may import only @temporalio/workflow, @app/contracts, @app/domain and files of workflows/ ' +
  '(deterministic code: no I/O, Nest, TypeORM or Node APIs)';
const PURE_LIB = 'libs/domain and libs/contracts are pure TypeScript: no Nest, TypeORM, pg, Node APIs or app code';
const SQL_IN_PERSISTENCE =
  'SQL lives in libs/persistence: use a repository or read model of @app/persistence inside UnitOfWork.run (or .read)';

/** The API and the worker reach the database only through libs/persistence (STYLE "Inner walls"). */
const NO_TYPEORM = [
  { name: 'typeorm', message: SQL_IN_PERSISTENCE },
  { name: '@nestjs/typeorm', message: SQL_IN_PERSISTENCE },
];
const NO_SQL_CALLS = [
  'error',
  {
    selector:
      "CallExpression[callee.type='MemberExpression']" +
      '[callee.property.name=/^(query|createQueryBuilder|transaction|getRepository)$/]',
    message: SQL_IN_PERSISTENCE,
  },
];
const API_IMPORT_PATTERNS = [
  { regex: '(^|/)apps/worker(/|$)|^\\.\\./\\.\\./worker', message: 'the API never imports the worker' },
  {
    regex: '(^|/)workflows(/|$)',
    allowTypeImports: true,
    message: 'the API starts workflows by type name; only `import type` from workflows/',
  },
];

/**
 * LEGACY: files that still hold SQL or TypeORM while their areas move it into libs/persistence. The rule
 * above does not apply to them; empty these lists (and delete the block using them) once they are clean.
 */
const LEGACY_API_SQL = [
  'apps/api/src/assignments/auto-assignment.controller.ts',
  'apps/api/src/assignments/jobs.controller.ts',
  'apps/api/src/assignments/manual-assignment.controller.ts',
  'apps/api/src/assignments/review-queue.controller.ts',
  'apps/api/src/calls/call-access.ts',
  'apps/api/src/calls/calls.controller.ts',
  'apps/api/src/calls/commitments.controller.ts',
  'apps/api/src/calls/ranking-finalisation.controller.ts',
  'apps/api/src/evaluation/evaluation-access.ts',
  'apps/api/src/evaluation/proposal-evaluation.controller.ts',
  'apps/api/src/evaluation/ranking.controller.ts',
  'apps/api/src/evaluation/ranking.service.ts',
  'apps/api/src/evaluators/call-evaluators.controller.ts',
  'apps/api/src/evaluators/evaluator-access.ts',
  'apps/api/src/evaluators/evaluator-declarations.controller.ts',
  'apps/api/src/evaluators/evaluator-profiles.controller.ts',
  'apps/api/src/funding/decision-export.ts',
  'apps/api/src/funding/funding-decision.controller.ts',
  'apps/api/src/funding/grants.controller.ts',
  'apps/api/src/funding/proposal-outcome.controller.ts',
  'apps/api/src/funding/read-proposal-outcome.use-case.ts',
  'apps/api/src/funding/reserve-list.controller.ts',
  'apps/api/src/me/me-inbox.controller.ts',
  'apps/api/src/projects/consortium-agreement.controller.ts',
  'apps/api/src/projects/instalments.controller.ts',
  'apps/api/src/projects/project-access.ts',
  'apps/api/src/projects/project-amendments.controller.ts',
  'apps/api/src/projects/project-reports.controller.ts',
  'apps/api/src/projects/project-reports.service.ts',
  'apps/api/src/projects/project-workflow.client.ts',
  'apps/api/src/projects/projects.controller.ts',
  'apps/api/src/proposals/attachments.controller.ts',
  'apps/api/src/proposals/eligibility-context.loader.ts',
  'apps/api/src/proposals/eligibility.controller.ts',
  'apps/api/src/proposals/full-proposal-stage.ts',
  'apps/api/src/proposals/proposal-access.ts',
  'apps/api/src/proposals/proposals.controller.ts',
  'apps/api/src/proposals/record-eligibility.use-case.ts',
  'apps/api/src/proposals/regional-annex.controller.ts',
  'apps/api/src/proposals/submissions.controller.ts',
  'apps/api/src/proposals/submit-proposal.use-case.ts',
  'apps/api/src/public-calls/public-calls.controller.ts',
  'apps/api/src/redress/decide-redress.use-case.ts',
  'apps/api/src/redress/file-redress.use-case.ts',
  'apps/api/src/redress/redress-decision.hook.ts',
  'apps/api/src/redress/redress-reopening.ts',
  'apps/api/src/redress/redress.controller.ts',
  'apps/api/src/uploads/uploaded-file.ts',
];
const LEGACY_WORKER_SQL = [
  'apps/worker/src/activities/auto-assignment.activities.ts',
  'apps/worker/src/activities/call-lifecycle.activities.ts',
  'apps/worker/src/activities/eligibility-phase.activities.ts',
  'apps/worker/src/activities/funding-decision.activities.ts',
  'apps/worker/src/activities/project-action-runner.ts',
  'apps/worker/src/activities/project-amendments.activities.ts',
  'apps/worker/src/activities/project-decisions.activities.ts',
  'apps/worker/src/activities/project-releases.ts',
  'apps/worker/src/activities/project.activities.ts',
  'apps/worker/src/activities/ranking.activities.ts',
  'apps/worker/src/activities/review-assignment.activities.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '!eslint.config.mjs'] },
  js.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  // Formatting is Prettier's alone (`prettier --check` in `npm run lint`): no stylistic rule may disagree with it.
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // consistent-type-imports stays off: Nest's DI reads constructor types from decorator metadata,
      // which needs value imports of injected classes.
      'no-console': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!(@temporalio/workflow$|@app/contracts$|@app/domain$|\\./[^/]+$|\\./[a-z0-9-]+/)).*',
              message: WORKFLOW_ALLOWED,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: WORKFLOW_ALLOWED },
        { name: 'require', message: WORKFLOW_ALLOWED },
        { name: 'setTimeout', message: 'use sleep() or condition() from @temporalio/workflow' },
        { name: 'setInterval', message: 'use sleep() in a loop from @temporalio/workflow' },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Relative imports inside the lib, the other pure lib, and Temporal's message definitions for contracts.
              regex: '^(?!(\\.{1,2}/|@app/contracts$|@app/domain$|@temporalio/workflow$|@temporalio/common$)).*',
              message: PURE_LIB,
            },
            { regex: '^\\.\\./\\.\\./', message: `${PURE_LIB} (no reaching outside the lib)` },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: PURE_LIB }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/domain/**', 'libs/contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(apps|workflows)(/|$)',
              message: 'libs/ never import apps/ or workflows/ (dependencies point apps → libs)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: NO_TYPEORM, patterns: API_IMPORT_PATTERNS }],
      'no-restricted-syntax': NO_SQL_CALLS,
    },
  },
  {
    files: ['apps/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)apps/api(/|$)|^\\.\\./\\.\\./api', message: 'the worker never imports the API' }] },
      ],
      '@typescript-eslint/no-restricted-imports': ['error', { paths: NO_TYPEORM }],
      'no-restricted-syntax': NO_SQL_CALLS,
    },
  },
  ...(LEGACY_API_SQL.length
    ? [
        {
          files: LEGACY_API_SQL,
          rules: {
            '@typescript-eslint/no-restricted-imports': ['error', { patterns: API_IMPORT_PATTERNS }],
            'no-restricted-syntax': 'off',
          },
        },
      ]
    : []),
  ...(LEGACY_WORKER_SQL.length
    ? [
        {
          files: LEGACY_WORKER_SQL,
          rules: { '@typescript-eslint/no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
        },
      ]
    : []),
  {
    files: ['scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Playwright reads a fixture's dependencies from its destructured first parameter: `{}` means none.
    files: ['test/browser/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
