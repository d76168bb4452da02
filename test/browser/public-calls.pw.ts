import { openCall } from './support/calls';
import { expect, test, visited } from './support/fixtures';

const TITLE = 'Browser test call — Alpine robotics';
let callId: string;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  callId = await openCall(process.env.ACIE_API_URL!, TITLE);
});

test('an anonymous visitor finds the open call by region and reads its rules in words', async ({ page }) => {
  await page.goto('/calls');
  await expect(page.getByRole('heading', { level: 1, name: 'Open calls' })).toBeVisible();
  const calls = page.getByRole('list', { name: 'Open calls' });
  await expect(calls.getByRole('link', { name: TITLE })).toBeVisible();
  await expect(calls.getByText(/Submission deadline: .*\(Europe\/Brussels\)/).first()).toBeVisible();
  await visited(page, 'calls-list');

  // A region without the call: the server filters, the page says nothing matches.
  await page.getByRole('combobox', { name: 'Region' }).click();
  await page.getByRole('option', { name: 'Slovenia (SI)' }).click();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('No open call matches these filters.')).toBeVisible();
  await visited(page, 'calls-list-empty');

  // One of the call's regions, and a closing date after the deadline: the call is back.
  await page.getByRole('combobox', { name: 'Region' }).click();
  await page.getByRole('option', { name: /Trento/ }).click();
  await page.getByLabel('Closes before').fill('2099-12-31');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/region=ITH2/);
  await expect(calls.getByRole('link', { name: TITLE })).toBeVisible();

  await calls.getByRole('link', { name: TITLE }).click();
  await expect(page).toHaveURL(new RegExp(`/calls/${callId}$`));
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  const countdown = page.getByRole('timer', { name: 'Time left to submit' });
  await expect(countdown).toContainText('(Europe/Brussels)');
  const before = await countdown.getByTestId('countdown').textContent();
  await expect.poll(() => countdown.getByTestId('countdown').textContent(), { timeout: 5_000 }).not.toBe(before);
  await expect(page.getByText('All times in the call’s time zone Europe/Brussels.')).toBeVisible();
  // Trento: 70 % for SMEs, at most EUR 300 000 per partner (30 000 000 cents).
  await expect(page.getByText('SMEs: up to 70% of eligible costs, at most €300,000 per partner')).toBeVisible();
  await expect(page.getByText('SMEs: up to 60% of eligible costs, at most €300,000 per partner')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Impact' })).toBeVisible();
  await expect(
    page.getByText('Overall threshold of the unweighted sum of the criteria: 10 (weights change only the ranking)'),
  ).toBeVisible();
  await visited(page, 'call-page');
});

test('the call page speaks the chosen language, money and dates per locale', async ({ page }) => {
  await page.goto(`/calls/${callId}`);
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).click();
  await page.getByRole('option', { name: 'Deutsch' }).click();
  await expect(page.getByRole('heading', { name: 'Teilnehmende Regionen und ihre Regeln' })).toBeVisible();
  // German puts a no-break space before % and €.
  await expect(
    page.getByText(/^KMU: bis zu 70\s% der förderfähigen Kosten, höchstens 300\.000\s€ je Partner$/),
  ).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await visited(page, 'call-page-de');
});

test('an unknown call is a not-found state, not a blank page', async ({ page }) => {
  await page.goto('/calls/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('alert')).toContainText('Not found');
  await visited(page, 'call-page-not-found');
});
