/** Variables through which the global setup hands its servers to the suites. */
export const TEST_ENV_KEYS = {
  databaseUrl: 'ACIE_TEST_DATABASE_URL',
  temporalAddress: 'ACIE_TEST_TEMPORAL_ADDRESS',
  timeSkippingServer: 'ACIE_TEST_TIME_SKIPPING_SERVER',
} as const;
