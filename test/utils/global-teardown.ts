export default async function globalTeardown(): Promise<void> {
  const services = globalThis.__ACIE_TEST_SERVICES__;
  await Promise.allSettled([services?.temporal?.stop(), services?.database?.stop()]);
}
