import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { findOnPath, run } from './process-tools';
import { ensureSharedDir } from './runtime-dirs';

/**
 * The time-skipping test server is the Java artifact `io.temporal:temporal-test-server` from Maven
 * Central (the SDK would download a native build, which cannot be reached here). Maven fetches it
 * with its runtime dependencies into the cache once; a small launcher runs it the way the SDK
 * expects an existing test server to run: `<launcher> <port>` (time moves only when a client skips it).
 */
export const TEMPORAL_TEST_SERVER_VERSION = '1.38.0';

export interface LocateTestServerOptions {
  cacheDir: string;
  explicitPath?: string;
  pathVar?: string;
  log?: (line: string) => void;
}

const POM = (version: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>acie.runtime</groupId>
  <artifactId>temporal-test-server-launcher</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;

const LAUNCHER = (libDir: string): string => `#!/bin/sh
# Runs the Temporal Java test server: <launcher> <port> [--enable-time-skipping]
exec java -XX:+UseSerialGC -Xss1m -Xmx512m -cp "${libDir}/*" io.temporal.testserver.TestServer "$@"
`;

export function cachedTestServerLauncher(cacheDir: string): string {
  return path.join(cacheDir, 'temporal-test-server', TEMPORAL_TEST_SERVER_VERSION, 'temporal-test-server');
}

export async function locateTemporalTestServer(options: LocateTestServerOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  if (options.explicitPath) {
    if (!existsSync(options.explicitPath))
      throw new Error(`TEMPORAL_TEST_SERVER_PATH=${options.explicitPath} does not exist`);
    return options.explicitPath;
  }
  const launcher = cachedTestServerLauncher(options.cacheDir);
  if (existsSync(launcher)) return launcher;
  const mvn = findOnPath('mvn', options.pathVar);
  const java = findOnPath('java', options.pathVar);
  if (!mvn || !java) {
    throw new Error(
      'The Temporal time-skipping test server is missing and cannot be ' +
        `fetched: ${!java ? 'java' : 'mvn'} is not on PATH. ` +
        'Install a JDK 17+ and Maven, or set TEMPORAL_TEST_SERVER_PATH to a ' +
        'launcher of io.temporal:temporal-test-server.',
    );
  }
  const targetDir = path.dirname(launcher);
  ensureSharedDir(path.dirname(targetDir));
  const staging = `${targetDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`fetching io.temporal:temporal-test-server:${TEMPORAL_TEST_SERVER_VERSION} with Maven into ${targetDir}`);
  writeFileSync(path.join(staging, 'pom.xml'), POM(TEMPORAL_TEST_SERVER_VERSION));
  try {
    await run(mvn, ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib', '-DincludeScope=runtime'], {
      cwd: staging,
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Fetching the Temporal test server with Maven failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const stagedLauncher = path.join(staging, 'temporal-test-server');
  writeFileSync(stagedLauncher, LAUNCHER(path.join(targetDir, 'lib')));
  chmodSync(stagedLauncher, 0o755);
  rmSync(targetDir, { recursive: true, force: true });
  renameSync(staging, targetDir);
  return launcher;
}
