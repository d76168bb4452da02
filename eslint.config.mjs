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
