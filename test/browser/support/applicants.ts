import { expect, type Page } from '@playwright/test';
import { waitForMailLink } from './mail';

/** An account signed in through the API with a bearer token (fixtures; the pages use the browser session). */
export class ApiUser {
  private constructor(
    private readonly apiURL: string,
    private readonly token: string,
  ) {}

  static async login(apiURL: string, email: string, password: string): Promise<ApiUser> {
    const res = await fetch(`${apiURL}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`login of ${email}: HTTP ${res.status} ${await res.text()}`);
    return new ApiUser(apiURL, ((await res.json()) as { accessToken: string }).accessToken);
  }

  async call<T>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${this.apiURL}/api/v1${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface Applicant {
  email: string;
  password: string;
  organisationId: string;
  legalName: string;
  api: ApiUser;
}

/**
 * An applicant and a new organisation registered through the API, its address confirmed with the token
 * of the e-mailed link, as a person would.
 */
export async function registerApplicant(
  apiURL: string,
  mailDir: string,
  organisation: { legalName: string; regionCode: string; type: string },
  displayName = 'Pat Partner',
): Promise<Applicant> {
  const unique = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const email = `applicant-${unique}@partners.example`;
  const password = 'a-partner-password';
  const res = await fetch(`${apiURL}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      displayName,
      email,
      password,
      organisation: { ...organisation, registrationId: `${organisation.regionCode.slice(0, 2)}${unique}` },
    }),
  });
  if (!res.ok) throw new Error(`registration of ${email}: HTTP ${res.status} ${await res.text()}`);
  const link = await waitForMailLink(mailDir, email, '/verify-email');
  const token = new URL(link, 'http://x').searchParams.get('token');
  const verified = await fetch(`${apiURL}/api/v1/auth/verify-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!verified.ok) throw new Error(`verification of ${email}: HTTP ${verified.status} ${await verified.text()}`);
  const api = await ApiUser.login(apiURL, email, password);
  const me = await api.call<{ grants: Array<{ organisationId?: string }> }>('GET', '/me');
  const organisationId = me.grants.find((g) => g.organisationId)?.organisationId;
  if (!organisationId) throw new Error(`${email} has no organisation`);
  return { email, password, organisationId, legalName: organisation.legalName, api };
}

/** Signs in on the page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-person')).toBeVisible();
}
