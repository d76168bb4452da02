import { DemoClient } from '../../scripts/demo-call';
import { expect, test, visited } from './support/fixtures';
import { waitForMailLink } from './support/mail';

test('sign-in and sign-out with a demo account; a wrong password is refused on the page', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await visited(page, 'sign-in');
  await page.getByLabel('E-mail address').fill('applicant@acie.demo');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The e-mail address or password is wrong');
  await visited(page, 'sign-in-refused');

  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('demo-applicant-password');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/tasks/);
  await expect(page.getByTestId('signed-in-person')).toContainText('Dolomiti Robotics');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'My proposals' })).toBeVisible();
  await visited(page, 'inbox');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
  // The token lived in memory only: a signed-out reload stays signed out.
  await page.goto('/tasks');
  await expect(page.getByText('This page shows your own work: sign in to see it.')).toBeVisible();
});

test('registration of an organisation, the e-mailed verification link, then sign-in', async ({ page, mailDir }) => {
  const email = `coordinator-${Date.now()}@robotics.example`;
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1, name: 'Register' })).toBeVisible();
  await visited(page, 'register');

  await page.getByLabel('Your name').fill('Chiara Coordinator');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
  await page.getByLabel('Legal name').fill('Valsugana Robotics S.r.l.');
  await page.getByRole('combobox', { name: 'Type of organisation' }).click();
  await page.getByRole('option', { name: 'SME', exact: true }).click();
  await page.getByRole('combobox', { name: 'Region' }).click();
  await page.getByRole('option', { name: /Trento/ }).click();
  await page.getByLabel('VAT or registration number').fill(`IT${Date.now()}`);
  await page.getByRole('button', { name: 'Create my account' }).click();
  // The server's refusal appears beside the field it names, worded from its code and params (minLength, min 12).
  await expect(page.getByRole('textbox', { name: 'Password', exact: true })).toHaveAccessibleDescription(
    /^Too short: at least 12 characters\./,
  );
  await visited(page, 'register-refused');
  // In the reader's language: switching rewords the refusal already shown.
  await page.getByRole('combobox', { name: 'Language' }).click();
  await page.getByRole('option', { name: 'Deutsch' }).click();
  await expect(page.getByRole('textbox', { name: 'Passwort', exact: true })).toHaveAccessibleDescription(
    /^Zu kurz: mindestens 12 Zeichen\./,
  );
  await visited(page, 'register-refused-de');
  await page.getByRole('combobox', { name: 'Sprache' }).click();
  await page.getByRole('option', { name: 'English' }).click();

  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create my account' }).click();
  await expect(page.getByText('Check your e-mail')).toBeVisible();
  await visited(page, 'register-sent');

  const link = await waitForMailLink(mailDir, email, '/verify-email');
  await page.goto(link);
  await expect(page.getByText('Address confirmed')).toBeVisible();
  await visited(page, 'verify-email');

  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('a-long-enough-password');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-person')).toContainText('Chiara Coordinator');
});

test('password reset through the e-mailed link', async ({ page, mailDir }) => {
  await page.goto('/forgot-password');
  await visited(page, 'forgot-password');
  await page.getByLabel('E-mail address').fill('partner@acie.demo');
  await page.getByRole('button', { name: 'Send me a reset link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Check your e-mail' })).toBeVisible();

  const link = await waitForMailLink(mailDir, 'partner@acie.demo', '/reset-password');
  await page.goto(link);
  await visited(page, 'reset-password');
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('a-brand-new-password');
  await page.getByLabel('Repeat the new password').fill('a-brand-new-password');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByText('Password changed')).toBeVisible();

  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('E-mail address').fill('partner@acie.demo');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('a-brand-new-password');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-person')).toContainText('Linz Mechatronics');
});

test('an invited evaluator accepts through the e-mailed link and signs in', async ({ page, apiURL, mailDir }) => {
  const email = `expert-${Date.now()}@evaluators.example`;
  const pm = await DemoClient.login(apiURL, 'pm@acie.demo');
  await pm.call('POST', '/evaluator-invitations', { email, displayName: 'Eva Expert' });
  const link = await waitForMailLink(mailDir, email, '/accept-invitation');
  await page.goto(link);
  await visited(page, 'accept-invitation');
  await page.getByLabel('Your name').fill('Eva Expert');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('an-expert-password');
  await page.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByText('Invitation accepted')).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('an-expert-password');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-person')).toContainText('Eva Expert');
});

test('signed-in pages: notification settings save, inbox, my proposals, not found — each accessible', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill('applicant@acie.demo');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('demo-applicant-password');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-person')).toBeVisible();

  await page.getByRole('navigation').getByRole('link', { name: 'Notification settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notification settings' })).toBeVisible();
  const group = page.getByRole('radiogroup', { name: 'Call opened' });
  await group.getByLabel('Daily digest').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your notification settings are saved.' })).toBeVisible();
  await visited(page, 'notification-settings');

  await page.getByRole('navigation').getByRole('link', { name: 'My proposals' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My proposals' })).toBeVisible();
  await visited(page, 'my-proposals');

  await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await visited(page, 'inbox-applicant');

  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await visited(page, 'not-found');
});

test('a reload keeps the session through the refresh cookie; an e-mailed deep link opens its page', async ({
  page,
}) => {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill('applicant@acie.demo');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('demo-applicant-password');
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-person')).toBeVisible();
  // A full page load forgets the in-memory access token; the HttpOnly cookie brings the session back.
  await page.goto('/proposals/00000000-0000-4000-8000-000000000000');
  await expect(page.getByTestId('signed-in-person')).toContainText('Dolomiti Robotics');
  // The proposal page itself answers, with the API's 404 for a proposal nobody may see.
  await expect(page.getByRole('alert').filter({ hasText: 'Not found' })).toBeVisible();
  await visited(page, 'deep-link-not-found');
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'acie_refresh')).toMatchObject({
    httpOnly: true,
    sameSite: 'Strict',
    path: '/api/v1/auth',
  });
});

test('the shell holds at a 768 px tablet width', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Open calls' })).toBeVisible();
  // A horizontal scrollbar would mean the layout broke at this width.
  const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await visited(page, 'sign-in-768');
});
