// Jest 30 + @swc/jest (STYLE: ts-jest cannot load NestJS 12's ES modules under jest on Node 20).
// `npm test` writes jest's JSON report there (`--outputFile` does not create the folder); CI sums it.
require('node:fs').mkdirSync(require('node:path').join(__dirname, 'test-results'), { recursive: true });

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  // NestJS 12 packages are pure ES modules: let swc turn them into CommonJS for jest (and openapi-typescript's
  // ESM-only dependencies, for the generated API types' drift test).
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|canonicalize|' +
      'openapi-typescript|parse-json|supports-color|change-case|index-to-position|react-intl|@formatjs|' +
      'intl-messageformat)/)',
  ],
  moduleNameMapper: {
    '^@app/(contracts|domain|persistence|temporal|config|common|application)$': '<rootDir>/libs/$1/src',
  },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/utils/jest-setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // One test file at a time: the integration suites share one PostgreSQL and one Temporal dev server,
  // and time-skipping suites must not overlap (STYLE convention 16). Unit suites are fast anyway.
  maxWorkers: 1,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,workflows,scripts,test/lint}/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/utils/unit-timeout.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/test/**/*.int-spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
        '<rootDir>/test/**/*.replay-spec.ts',
      ],
      globalSetup: '<rootDir>/test/utils/global-setup.ts',
      globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
      // 60 s per test instead of jest's 5 s (see the file for why).
      setupFilesAfterEnv: ['<rootDir>/test/utils/integration-timeout.ts'],
      slowTestThreshold: 30,
    },
  ],
};
