// Adds up every test runner's counts from their JSON reports (jest, Playwright) and prints one line
// "N passed, N failed". A runner that failed before writing its report counts one failure when the
// test command failed without any report naming a failure.
import { existsSync, readFileSync } from 'node:fs';

const [dir = 'test-results', statusArg = '0'] = process.argv.slice(2);
const status = Number(statusArg);
const read = (file) => (existsSync(`${dir}/${file}`) ? JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) : undefined);

let passed = 0;
let failed = 0;
const lines = [];
const jest = read('jest.json');
if (jest) {
  passed += jest.numPassedTests;
  // A suite that fails outside its tests ("Test suite failed to run") counts no failed test: count it here.
  const suitesFailedOutside = jest.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
  ).length;
  failed += jest.numFailedTests + suitesFailedOutside;
  lines.push(
    `jest: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed, ${suitesFailedOutside} suites failed to run`,
  );
}
const playwright = read('playwright.json');
if (playwright) {
  const { expected = 0, unexpected = 0, flaky = 0 } = playwright.stats ?? {};
  passed += expected + flaky;
  failed += unexpected + (playwright.errors?.length ?? 0);
  lines.push(
    `playwright: ${expected + flaky} passed (${flaky} flaky), ${unexpected} failed, ` +
      `${playwright.errors?.length ?? 0} errors outside tests`,
  );
}
if (status !== 0 && failed === 0) {
  failed = 1;
  lines.push('the test command failed outside any test (lint, typecheck, build or setup): see above');
}
for (const line of lines) process.stdout.write(`[ci] ${line}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
