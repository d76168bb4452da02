import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import * as path from 'node:path';
import { freePort } from '../../scripts/runtime/process-tools';
import { ensureSharedDir, resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import { loadRuntimeConfig } from '../../libs/config/src/runtime-config';
import { DEMO_CALL_TITLE } from '../../scripts/demo-call';
import { spawnEntry, type AppProcess } from '../utils/app-process';

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Processes whose command line mentions `needle` (the test's own data folder). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(needle)) found.push(`${entry}: ${cmdline}`);
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/**
 * `npm start` as a user runs it, in its own process group like a terminal session: it reaches a
 * healthy API with the Temporal UI up, Ctrl-C (SIGINT to the whole group) leaves nothing behind,
 * and a second start reuses the data.
 */
describe('npm start (scripts/start.ts)', () => {
  const dirs = resolveRuntimeDirs(loadRuntimeConfig());
  const dataDir = mkdtempSync(path.join(ensureSharedDir(path.join(dirs.cacheDir, 'test-runs')), 'start-'));
  let ports: { api: number; pg: number; temporal: number; ui: number };
  let runner: AppProcess | undefined;
  let demoCallId: string | undefined;

  beforeAll(async () => {
    ports = { api: await freePort(), pg: await freePort(), temporal: await freePort(), ui: await freePort() };
  });

  afterAll(() => {
    if (runner?.child.pid) {
      try {
        process.kill(-runner.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startRunner = (): AppProcess =>
    spawnEntry(
      'scripts/start.ts',
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ACIE_CACHE_DIR: dirs.cacheDir,
        ACIE_DATA_DIR: dataDir,
        ACIE_PG_PORT: String(ports.pg),
        TEMPORAL_PORT: String(ports.temporal),
        TEMPORAL_UI_PORT: String(ports.ui),
        PORT: String(ports.api),
        LOG_LEVEL: 'warn',
      },
      { detached: true },
    );

  const ctrlC = async (app: AppProcess): Promise<number | string> => {
    process.kill(-(app.child.pid as number), 'SIGINT');
    return app.exited;
  };

  it('starts everything, answers health, serves the Temporal UI, and Ctrl-C stops every process', async () => {
    runner = startRunner();
    await runner.waitForOutput(/press Ctrl-C to stop/, 240_000);
    expect(runner.output()).toMatch(/initialising a PostgreSQL/);
    expect(runner.output()).toMatch(/migrations applied: /);
    expect(runner.output()).toMatch(/worker OK: runtime probe/);
    // The web app's address comes first, at the start and at the head of the ready list, and it is served.
    expect(runner.output().split('\n')[0]).toBe(
      `[acie] web app: http://localhost:${ports.api}/ (starting; the full list follows when ready)`,
    );
    expect(runner.output()).toMatch(new RegExp(`ready:\n\\[acie\\]   Web app      http://localhost:${ports.api}/\n`));
    const page = await fetch(`http://127.0.0.1:${ports.api}/proposals/some-deep-link`, {
      headers: { Accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);

    const health = await fetch(`http://127.0.0.1:${ports.api}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(runner.output()).toMatch(/PROGRAMME_MANAGER\s+pm@acie\.demo\s+demo-pm-password/);
    const login = await fetch(`http://127.0.0.1:${ports.api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'pm@acie.demo', password: 'demo-pm-password' }),
    });
    expect(login.status).toBe(200);
    // The demo call went through the API: configured, both agencies invited, committed and confirmed.
    const demoCall = new RegExp(
      /demo call ([0-9a-f-]{36}): FUND_ALIGNMENT, opens at \S+ \(created; alignment started; /.source +
        /officer\.trento@acie\.demo committed and confirmed; /.source +
        /officer\.upperaustria@acie\.demo committed and confirmed\)/.source,
    ).exec(runner.output());
    expect(demoCall).not.toBeNull();
    demoCallId = demoCall![1];
    const pmToken = ((await login.json()) as { accessToken: string }).accessToken;
    const call = (await (
      await fetch(`http://127.0.0.1:${ports.api}/api/v1/calls/${demoCallId}`, {
        headers: { Authorization: `Bearer ${pmToken}` },
      })
    ).json()) as {
      title: string;
      state: string;
      commitments: Array<{ regionCode: string; status: string; amount: number }>;
    };
    expect(call).toMatchObject({ title: DEMO_CALL_TITLE, state: 'FUND_ALIGNMENT' });
    expect(call.commitments.map((c) => [c.regionCode, c.status, c.amount]).sort()).toEqual([
      ['AT31', 'CONFIRMED', 100_000_000],
      ['ITH2', 'CONFIRMED', 150_000_000],
    ]);
    const partner = await fetch(`http://127.0.0.1:${ports.api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'partner@acie.demo', password: 'demo-applicant-password' }),
    });
    expect(partner.status).toBe(200);
    const regions = (await (await fetch(`http://127.0.0.1:${ports.api}/api/v1/regions`)).json()) as unknown[];
    expect(regions).toHaveLength(11);
    const ui = await fetch(`http://127.0.0.1:${ports.ui}/`);
    expect(ui.status).toBe(200);
    const docs = await fetch(`http://127.0.0.1:${ports.api}/api/docs`);
    expect(docs.status).toBe(200);

    expect(await ctrlC(runner)).toBe(0);
    expect(runner.output()).toMatch(/\[acie\] stopped/);
    for (const port of Object.values(ports)) expect(await portIsClosed(port)).toBe(true);
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 300_000);

  it('reuses the data and the cached binaries on a second start', async () => {
    runner = startRunner();
    await runner.waitForOutput(/press Ctrl-C to stop/, 240_000);
    expect(runner.output()).not.toMatch(/initialising a PostgreSQL/);
    expect(runner.output()).not.toMatch(/building the Temporal CLI/);
    expect(runner.output()).toMatch(/schema up to date/);
    expect(runner.output()).toMatch(/web application up to date/);
    // The same demo call, nothing created or committed again.
    expect(runner.output()).toMatch(new RegExp(`demo call ${demoCallId}: (FUND_ALIGNMENT, opens at \\S+|OPEN)\n`));
    expect(await ctrlC(runner)).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
  }, 300_000);
});
