import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { registerApplicant, signIn, type Applicant } from './support/applicants';
import { openCall } from './support/calls';
import { expect, test, visited } from './support/fixtures';
import { waitForMailLink } from './support/mail';

// One call for the file: opening one through the API takes half a minute.
test.describe.configure({ mode: 'serial' });
let callId: string;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  callId = await openCall(process.env.ACIE_API_URL ?? '', `Applicant journey call ${Date.now()}`);
});

const TOPIC = 'Industrial robotics for SMEs';

/** The row of the partners table that names the organisation. */
const partnerRow = (page: Page, legalName: string): Locator => page.getByRole('row').filter({ hasText: legalName });

test(`the applicant journey: draft, partner invitation, E1–E5 beside the fields, submission, \
receipt, versions, PDF, version 2`, async ({ page, browser, apiURL, mailDir }) => {
  test.setTimeout(300_000);
  const partner = await registerApplicant(apiURL, mailDir, {
    legalName: `Traun Sensorik GmbH ${Date.now()}`,
    regionCode: 'AT31',
    type: 'SME',
  });

  // The coordinator registers its organisation on the page and confirms its address from the e-mail.
  const email = `coordinator-${Date.now()}@robotics.example`;
  const coordinatorName = `Rovereto Automazione S.r.l. ${Date.now()}`;
  await page.goto('/register');
  await page.getByLabel('Your name').fill('Chiara Coordinator');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('a-long-enough-password');
  await page.getByLabel('Legal name').fill(coordinatorName);
  await page.getByRole('combobox', { name: 'Type of organisation' }).click();
  await page.getByRole('option', { name: 'SME', exact: true }).click();
  await page.getByRole('combobox', { name: 'Region' }).click();
  await page.getByRole('option', { name: /Trento/ }).click();
  await page.getByLabel('VAT or registration number').fill(`IT${Date.now()}`);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByText('Check your e-mail')).toBeVisible();
  await page.goto(await waitForMailLink(mailDir, email, '/verify-email'));
  await expect(page.getByText('Address confirmed')).toBeVisible();
  await signIn(page, email, 'a-long-enough-password');

  // A draft from the call page; the editor opens.
  const acronym = `ROBO${Date.now() % 100000}`;
  await page.goto(`/calls/${callId}`);
  await page.getByLabel('Acronym').fill(acronym);
  await page.getByLabel('Project title').fill('Robot cells for Alpine workshops');
  await visited(page, 'applicant-call-start');
  await page.getByRole('button', { name: 'Start a proposal' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Proposal ${acronym}` })).toBeVisible();
  const editorURL = page.url();

  // The partner organisation is found by typing part of its name, and invited; the coordinator's own
  // organisation, already in the consortium, is not offered.
  const partnerPicker = page.getByRole('combobox', { name: 'Partner organisation' });
  await partnerPicker.fill(coordinatorName);
  await expect(page.getByText('No organisation with such a name, or it is already in the consortium')).toBeVisible();
  await partnerPicker.fill(partner.legalName.split(' ').slice(1).join(' ').toLowerCase());
  await page.getByRole('option', { name: `${partner.legalName} — Upper Austria (SME)` }).click();
  await expect(partnerPicker).toHaveValue(`${partner.legalName} — Upper Austria (SME)`);
  await visited(page, 'applicant-editor-partner-search');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(partnerRow(page, partner.legalName)).toContainText('Invited');

  // A member of the partner finds it under "my proposals", accepts and fills its own part.
  const partnerContext = await browser.newContext({ baseURL: process.env.ACIE_BASE_URL });
  const partnerPage = await partnerContext.newPage();
  await signIn(partnerPage, partner.email, partner.password);
  await partnerPage.goto('/my/proposals');
  await partnerPage.getByRole('link', { name: acronym }).click();
  await partnerPage.getByRole('button', { name: `Accept for ${partner.legalName}` }).click();
  await expect(partnerRow(partnerPage, partner.legalName)).toContainText('Accepted');
  await partnerPage.getByLabel(`Eligible costs of ${partner.legalName} (EUR)`).fill('200000');
  // 75 % of its costs: above Upper Austria's 60 % for SMEs (E3).
  await partnerPage.getByLabel(`Requested grant of ${partner.legalName} (EUR)`).fill('150000');
  await partnerPage.getByRole('button', { name: `Save the part of ${partner.legalName}` }).click();
  await expect(partnerRow(partnerPage, partner.legalName).getByRole('status')).toHaveText('Saved');
  // The partner sees no coordinator fields, and only its own row to edit.
  await expect(partnerPage.getByLabel('Abstract')).toHaveCount(0);
  await expect(partnerPage.getByLabel(`Eligible costs of ${coordinatorName} (EUR)`)).toHaveCount(0);
  await visited(partnerPage, 'applicant-editor-partner');

  // The coordinator fills its own part and runs the check: every failure beside its field.
  await page.goto(editorURL);
  await page.getByLabel(`Eligible costs of ${coordinatorName} (EUR)`).fill('300000');
  await page.getByLabel(`Requested grant of ${coordinatorName} (EUR)`).fill('200000');
  await page.getByRole('button', { name: `Save the part of ${coordinatorName}` }).click();
  await expect(partnerRow(page, coordinatorName).getByRole('status')).toHaveText('Saved');
  // Longer than the call's 36 months (E4).
  await page.getByLabel('Duration in months').fill('48');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expect(page.getByText(/Draft saved at/)).toBeVisible();
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /rules? fail/ })).toBeVisible();
  await expect(page.getByLabel('Abstract')).toHaveAccessibleDescription(/This field is required/);
  await expect(page.getByRole('combobox', { name: 'Topic' })).toHaveAccessibleDescription(/This field is required/);
  await expect(page.getByLabel('Duration in months')).toHaveAccessibleDescription(
    'The duration must be between 12 and 36 months.',
  );
  await expect(partnerRow(page, partner.legalName)).toContainText(
    /exceeds the funding rate of 60\s?% in AT31 \(at most €120,000(\.00)?\)/,
  );
  await expect(page.getByRole('alert').filter({ hasText: /rules? fail/ })).toContainText('E3:');
  await visited(page, 'applicant-editor-check-failed');

  // The partner sees its own failure beside its field, and fixes it.
  await partnerPage.getByRole('button', { name: 'Run the check' }).click();
  await expect(partnerPage.getByLabel(`Requested grant of ${partner.legalName} (EUR)`)).toHaveAccessibleDescription(
    /exceeds the funding rate of 60\s?% in AT31/,
  );
  await partnerPage.getByLabel(`Requested grant of ${partner.legalName} (EUR)`).fill('120000');
  await partnerPage.getByRole('button', { name: `Save the part of ${partner.legalName}` }).click();
  await expect(partnerRow(partnerPage, partner.legalName).getByRole('status')).toHaveText('Saved');
  await partnerContext.close();

  // The coordinator fixes its part: the check passes.
  await page.getByLabel('Abstract').fill('Modular robot cells that small Alpine workshops can set up in a day.');
  await page.getByRole('combobox', { name: 'Topic' }).selectOption(TOPIC);
  await page.getByLabel('Duration in months').fill('24');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expect(page.getByText(/Draft saved at/)).toBeVisible();
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'All rules pass' })).toBeVisible();
  await expect(page.getByLabel('Abstract')).not.toHaveAccessibleDescription(/required/);
  // Nothing typed is lost on reload.
  await page.reload();
  await expect(page.getByLabel('Abstract')).toHaveValue(/Modular robot cells/);
  await expect(page.getByLabel('Duration in months')).toHaveValue('24');

  // An attachment: listed with its name, size and SHA-256.
  await page.locator('input[type=file]').setInputFiles({
    name: 'work-plan.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('month,task\n1,kick-off\n12,prototype\n'),
  });
  const attachment = page.getByRole('row').filter({ hasText: 'work-plan.csv' });
  await expect(attachment).toContainText(/[0-9a-f]{64}/);
  await expect(attachment).toContainText('kB');

  // Submission behind a confirmation; the receipt.
  await page.getByRole('button', { name: 'Submit the proposal…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit this proposal?' });
  await expect(dialog).toBeVisible();
  await visited(page, 'applicant-submit-confirm');
  await dialog.getByRole('button', { name: 'Submit now' }).click();
  const receipt = page.getByTestId('receipt');
  await expect(receipt.getByRole('heading', { name: 'Receipt: version 1 submitted' })).toBeVisible();
  await expect(receipt).toContainText('(Europe/');
  await expect(receipt).toContainText('(UTC)');
  const sha256 = (await receipt.locator('code').textContent())?.trim() ?? '';
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  await visited(page, 'applicant-receipt');

  // The same receipt under versions, with its PDF.
  await page.getByRole('link', { name: 'Submitted versions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Versions of ${acronym}` })).toBeVisible();
  const v1 = page.getByRole('row').filter({ hasText: sha256 });
  await expect(v1).toContainText('Counts');
  await visited(page, 'applicant-versions');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    v1.getByRole('button', { name: 'Download version 1 (PDF)' }).click(),
  ]);
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');

  // Submitting again makes version 2, which then counts; a change typed just before is saved first.
  await page.getByRole('link', { name: 'Back to the proposal' }).click();
  await page.getByLabel('Keywords').fill('robotics, workshops');
  await page.getByRole('button', { name: 'Submit the proposal…' }).click();
  await page.getByRole('dialog', { name: 'Submit this proposal?' }).getByRole('button', { name: 'Submit now' }).click();
  await expect(
    page.getByTestId('receipt').getByRole('heading', { name: 'Receipt: version 2 submitted' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Submitted versions' }).click();
  await expect(page.getByRole('row', { name: /^2 Counts/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /^1 / })).not.toContainText('Counts');
  // Another content, another fingerprint.
  await expect(page.getByRole('row', { name: /^2 Counts/ })).not.toContainText(sha256);

  // Withdrawal with a reason, behind a confirmation.
  await page.getByRole('link', { name: 'Back to the proposal' }).click();
  await page.getByRole('button', { name: 'Withdraw the proposal…' }).click();
  const withdrawal = page.getByRole('dialog', { name: 'Withdraw this proposal?' });
  await withdrawal.getByLabel('Reason for the withdrawal').fill('The partner lost its co-funding.');
  await visited(page, 'applicant-withdraw-confirm');
  await withdrawal.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await expect(page.getByText('This proposal was withdrawn')).toBeVisible();
  await expect(page.getByText('The partner lost its co-funding.')).toBeVisible();
});

/** A draft that passes E1–E5, made through the API by a new coordinator and a new partner. */
async function validDraft(
  apiURL: string,
  mailDir: string,
): Promise<{ coordinator: Applicant; proposalId: string; acronym: string }> {
  const stamp = Date.now();
  const coordinator = await registerApplicant(
    apiURL,
    mailDir,
    { legalName: `Val di Non Meccanica ${stamp}`, regionCode: 'ITH2', type: 'SME' },
    'Kim Keyboard',
  );
  const partner = await registerApplicant(apiURL, mailDir, {
    legalName: `Steyr Antriebe GmbH ${stamp}`,
    regionCode: 'AT31',
    type: 'SME',
  });
  const acronym = `KEYS${stamp % 100000}`;
  const created = await coordinator.api.call<{ id: string }>('POST', `/calls/${callId}/proposals`, {
    acronym,
    title: 'Keyboard-only submission',
    abstract: 'A proposal submitted without a mouse.',
    topic: TOPIC,
    durationMonths: 24,
  });
  await coordinator.api.call('PUT', `/proposals/${created.id}/partners/${coordinator.organisationId}`, {
    funded: true,
    eligibleCosts: 20_000_000,
    requestedGrant: 10_000_000,
  });
  await coordinator.api.call('PUT', `/proposals/${created.id}/partners/${partner.organisationId}`, {
    funded: true,
    eligibleCosts: 0,
    requestedGrant: 0,
  });
  await partner.api.call('POST', `/proposals/${created.id}/partners/${partner.organisationId}/accept`);
  await partner.api.call('PUT', `/proposals/${created.id}/partners/${partner.organisationId}`, {
    funded: true,
    eligibleCosts: 10_000_000,
    requestedGrant: 5_000_000,
  });
  const check = await coordinator.api.call<{ eligible: boolean; violations: unknown[] }>(
    'POST',
    `/proposals/${created.id}/check`,
  );
  expect(check.violations).toEqual([]);
  return { coordinator, proposalId: created.id, acronym };
}

/** Tabs forward until the focused element is the one named, at most `limit` presses. */
async function tabTo(page: Page, name: string | RegExp, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page
      .locator('*:focus')
      .evaluate((el) => (el.getAttribute('aria-label') ?? (el as { innerText?: string }).innerText ?? '').trim())
      .catch(() => '');
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`no focusable element named ${String(name)} within ${limit} Tab presses`);
}

test('keyboard only: check, submit, confirm and read the receipt', async ({ page, apiURL, mailDir }) => {
  test.setTimeout(180_000);
  const { coordinator, proposalId, acronym } = await validDraft(apiURL, mailDir);
  await signIn(page, coordinator.email, coordinator.password);
  await page.goto(`/proposals/${proposalId}`);
  await expect(page.getByRole('heading', { level: 1, name: `Proposal ${acronym}` })).toBeVisible();

  await tabTo(page, 'Run the check');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'All rules pass' })).toBeVisible();

  await tabTo(page, 'Submit the proposal…');
  await page.keyboard.press('Space');
  const dialog = page.getByRole('dialog', { name: 'Submit this proposal?' });
  await expect(dialog).toBeVisible();
  // The dialog takes the focus to its confirming button.
  await expect(dialog.getByRole('button', { name: 'Submit now' })).toBeFocused();
  await page.keyboard.press('Enter');
  const receipt = page.getByTestId('receipt');
  await expect(receipt.getByRole('heading', { name: 'Receipt: version 1 submitted' })).toBeVisible();
  await expect(receipt.locator('code')).toHaveText(/^[0-9a-f]{64}$/);
  await tabTo(page, 'Download version 1 (PDF)');
  await visited(page, 'applicant-keyboard-receipt');

  // The layout holds on a tablet: the wide tables scroll inside their container, not the page.
  await page.setViewportSize({ width: 768, height: 1024 });
  await visited(page, 'applicant-editor-768');
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
});
