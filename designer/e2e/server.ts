/**
 * The real platform for the browser journeys: a fresh PostgreSQL database, migrated and seeded with the example
 * catalogue and demo users by the runtime's own CLI (`tongban seed`), and the runtime started as an operator starts
 * it (`tongban serve`, job worker included), serving the built designer at `/` and the API at `/api/v1`.
 *
 * The runtime runs as a child process so that the journeys exercise exactly what `pnpm start` runs, and so that the
 * designer's type check never compiles the runtime's sources.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The runtime package (`runtime/`), beside the designer. */
const RUNTIME = new URL('../../runtime/', import.meta.url).pathname;

/** The PostgreSQL server of the test suite (README: 127.0.0.1:5432, user postgres, trust authentication). */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database on the test server. */
function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database for this run. Its name carries our pid, as the runtime's test databases do, so a run
 * killed before its teardown leaves a database the next PostgreSQL test run drops.
 */
export async function createDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `tb_test_${process.pid}_e2e${randomBytes(3).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }),
  };
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

function cli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(RUNTIME, 'src/cli.ts'), ...args], {
    cwd: RUNTIME,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): () => string {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return () => output;
}

/** A runtime serving the designer, on its own database and data folder. */
export interface Platform {
  /** Where the designer and the API are (`http://127.0.0.1:<port>`). */
  url: string;
  /** What the runtime printed (errors only: LOG_LEVEL=error). */
  output(): string;
  /** Stops the runtime, drops the database and removes the data folder. */
  close(): Promise<void>;
}

/** Milliseconds each phase of {@link startPlatform} took, for the run's log. */
export interface PlatformTimings {
  seedMs: number;
  startMs: number;
}

/**
 * Creates and seeds a database (`tongban seed`: migrations, the example catalogue of 896 items, the demo users and
 * licences), then — once `before` has settled (the designer's build) — starts `tongban serve` on a free port and
 * waits until it answers.
 */
export async function startPlatform(timings: Partial<PlatformTimings> = {}, before: Promise<unknown> = Promise.resolve()): Promise<Platform> {
  const database = await createDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    TONGBAN_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'error',
    // Service tasks (the review assistant) and timers run soon after they are due, as a journey waits for them.
    TONGBAN_WORKER_INTERVAL_MS: '200',
  };
  const cleanup = async () => {
    await database.drop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    let started = Date.now();
    const seed = cli(['seed'], env);
    const seedOutput = collect(seed);
    const code = await new Promise<number | null>((resolve) => seed.once('exit', resolve));
    if (code !== 0) throw new Error(`tongban seed exited with ${code}:\n${seedOutput()}`);
    timings.seedMs = Date.now() - started;

    await before;
    started = Date.now();
    const serve = cli(['serve'], env);
    const output = collect(serve);
    const exited = new Promise<void>((resolve) => serve.once('exit', () => resolve()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (serve.exitCode !== null) throw new Error(`tongban serve exited with ${serve.exitCode}:\n${output()}`);
      try {
        if ((await fetch(`${url}/api/v1/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        serve.kill('SIGKILL');
        throw new Error(`tongban serve did not answer within 90 s:\n${output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    timings.startMs = Date.now() - started;
    return {
      url,
      output,
      async close() {
        if (serve.exitCode === null) {
          serve.kill('SIGTERM');
          const killer = setTimeout(() => serve.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        }
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
