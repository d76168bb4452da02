/**
 * The demo call of `npm start` (never in production), set up through the public HTTP API as the demo
 * users would do it — the call workflow, the outbox and the audit trail see exactly what they see in
 * use: the programme manager configures the call and invites the agencies of Trento and Upper
 * Austria, each agency's officer commits and confirms its budget, and the call workflow opens the call
 * at its `opensAt` a few minutes later. The demo applicants (two organisations in those two regions)
 * can then draft and submit a joint proposal.
 *
 * Resumable and idempotent: the call is found by its title, and each run takes only the steps that are
 * still missing (a start interrupted between two steps finishes them on the next start); once aligned
 * or later it is left alone; a cancelled demo call is replaced by a new one.
 */
import { DEMO_ACCOUNTS } from './seed-demo';

export const DEMO_CALL_TITLE = 'ACIE demo call — Smart manufacturing for Alpine SMEs';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The two demo agencies' budgets in minor units (EUR cents), with their regional rules. */
export const DEMO_COMMITMENTS: Array<{ officer: string; amount: number; maxFundingRateBps: Record<string, number> }> = [
  {
    officer: 'officer.trento@acie.demo',
    amount: 150_000_000,
    maxFundingRateBps: { SME: 7000, UNIVERSITY: 10000, RESEARCH_ORG: 10000 },
  },
  {
    officer: 'officer.upperaustria@acie.demo',
    amount: 100_000_000,
    maxFundingRateBps: { SME: 6000, UNIVERSITY: 8000, RESEARCH_ORG: 8000 },
  },
];

export interface CallSummary {
  id: string;
  title: string;
  state: string;
  timeline: { opensAt: string };
  commitments?: Array<{ agencyId: string; status: string }>;
}

export interface DemoCallResult {
  callId: string;
  state: string;
  opensAt: string;
  /** The steps this run took (empty when the call was already aligned). */
  steps: string[];
}

/** Calls the API as one demo user; a non-2xx answer throws with the problem's detail. */
export class DemoClient {
  private constructor(
    private readonly apiUrl: string,
    private readonly token: string,
  ) {}

  static async login(apiUrl: string, email: string): Promise<DemoClient> {
    const account = DEMO_ACCOUNTS.find((a) => a.email === email);
    if (!account) throw new Error(`no demo account ${email}`);
    const res = await fetch(`${apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: account.password }),
    });
    if (!res.ok) throw new Error(`login of ${email}: HTTP ${res.status} ${await res.text()}`);
    return new DemoClient(apiUrl, ((await res.json()) as { accessToken: string }).accessToken);
  }

  async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.apiUrl}/api/v1${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function findDemoCall(pm: DemoClient): Promise<CallSummary | undefined> {
  let cursor: string | undefined;
  do {
    const page = await pm.call<{ items: CallSummary[]; nextCursor?: string | null }>(
      'GET',
      `/calls?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    // A demo call cancelled meanwhile (its alignment deadline passed before the agencies confirmed,
    // or someone cancelled it) is replaced by a new one.
    const found = page.items.find((c) => c.title === DEMO_CALL_TITLE && c.state !== 'CANCELLED');
    if (found) return found;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}

/** When the alignment closes and the call opens, measured from `now` (the browser tests use seconds). */
export interface DemoCallTiming {
  alignmentInMs: number;
  opensInMs: number;
}

export function demoCallBody(
  now: number,
  title = DEMO_CALL_TITLE,
  timing: DemoCallTiming = { alignmentInMs: 2 * MINUTE, opensInMs: 3 * MINUTE },
) {
  const at = (ms: number): string => new Date(now + ms).toISOString();
  return {
    title,
    description:
      'A demonstration joint call of the Alpine Cluster Innovation Express: ' +
      'cross-regional R&D projects of cluster initiatives ' +
      'on digital and smart manufacturing. Each region funds its own partners.',
    actionType: 'RD_PROJECT',
    stages: 1,
    topics: ['Industrial robotics for SMEs', 'Digital twins of production lines'],
    keywords: ['robotics', 'digital twin', 'manufacturing'],
    transformativeActivityCodes: ['TA-SMART-MANUF'],
    timeline: {
      alignmentDeadline: at(timing.alignmentInMs),
      opensAt: at(timing.opensInMs),
      stages: [{ submissionDeadline: at(30 * DAY), eligibilityDeadline: at(40 * DAY), reviewDeadline: at(60 * DAY) }],
      decisionDeadline: at(90 * DAY),
    },
    consortium: { minPartners: 2, minRegions: 2, minDurationMonths: 12, maxDurationMonths: 36 },
    flexibilityAllowed: true,
  };
}

/**
 * Brings the demo call as far as the API lets the demo users take it now: created, alignment started,
 * both commitments confirmed. `now` is the wall clock (the call's timeline is measured from it).
 */
export async function ensureDemoCall(apiUrl: string, now = Date.now()): Promise<DemoCallResult> {
  const pm = await DemoClient.login(apiUrl, 'pm@acie.demo');
  return alignCall(apiUrl, pm, await findDemoCall(pm), () => demoCallBody(now));
}

/**
 * Takes a call (created from `body()` when missing) through alignment with both demo agencies' budgets
 * confirmed; the call workflow then opens it at its `opensAt`.
 */
export async function alignCall(
  apiUrl: string,
  pm: DemoClient,
  existing: CallSummary | undefined,
  body: () => object,
): Promise<DemoCallResult> {
  const steps: string[] = [];
  let call = existing;
  if (!call) {
    call = await pm.call<CallSummary>('POST', '/calls', body());
    steps.push('created');
  }
  if (call.state !== 'DRAFT' && call.state !== 'FUND_ALIGNMENT')
    return { callId: call.id, state: call.state, opensAt: call.timeline.opensAt, steps };
  // Each demo officer and the agency it acts for (from its grant).
  const officers = await Promise.all(
    DEMO_COMMITMENTS.map(async (commitment) => {
      const client = await DemoClient.login(apiUrl, commitment.officer);
      const agencyId = (await client.call<{ grants: Array<{ agencyId?: string }> }>('GET', '/me')).grants.find(
        (g) => g.agencyId,
      )!.agencyId!;
      return { commitment, client, agencyId };
    }),
  );
  if (call.state === 'DRAFT') {
    await pm.call('POST', `/calls/${call.id}/start-alignment`, { agencyIds: officers.map((o) => o.agencyId) });
    steps.push('alignment started');
    call = await waitForState(pm, call.id, (state) => state !== 'DRAFT');
  }
  if (call.state === 'FUND_ALIGNMENT') {
    for (const { commitment, client: officer, agencyId } of officers) {
      const status = call.commitments?.find((c) => c.agencyId === agencyId)?.status;
      if (status === 'CONFIRMED' || status === 'DECLINED') continue;
      await officer.call('PUT', `/calls/${call.id}/commitments/${agencyId}`, {
        currency: 'EUR',
        amount: commitment.amount,
        flexibility: 0,
        rules: {
          eligibleOrganisationTypes: ['SME', 'UNIVERSITY', 'RESEARCH_ORG'],
          maxFundingRateBps: commitment.maxFundingRateBps,
          maxGrantPerPartner: 30_000_000,
          extraReportFields: [],
        },
      });
      await officer.call('POST', `/calls/${call.id}/commitments/${agencyId}/confirm`);
      steps.push(`${commitment.officer} committed and confirmed`);
    }
    call = await pm.call<CallSummary>('GET', `/calls/${call.id}`);
  }
  return { callId: call.id, state: call.state, opensAt: call.timeline.opensAt, steps };
}

/** The call workflow takes the call out of DRAFT asynchronously after `start-alignment` (202). */
export async function waitForState(
  pm: DemoClient,
  callId: string,
  done: (state: string) => boolean,
  timeoutMs = 60_000,
): Promise<CallSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const call = await pm.call<CallSummary>('GET', `/calls/${callId}`);
    if (done(call.state) || Date.now() > deadline) return call;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
