import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../src/db/database';
import { seedCatalogue } from '../src/seed/seed';

/** One measured figure, with its physical reference measured in the same run where one applies. */
export interface BenchRow {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  /** The same-machine reference this figure is judged against (raw commit rate, raw COPY, …). */
  reference?: { metric: string; value: number; unit: string };
  /** value / reference.value (or the inverse for latencies, as the suite states). */
  ratio?: number;
  /** The target, as text, and whether this run met it. */
  target?: string;
  met?: boolean;
  note?: string;
}

/** What every suite gets. */
export interface BenchContext {
  /** PostgreSQL server of the benchmarks (BENCH_DATABASE_URL, default the test server). */
  adminUrl: string;
  /** `small` for a quick run, `reference` for the reference scale (BENCH_SCALE). */
  scale: 'small' | 'reference';
  /** Creates a fresh migrated (and optionally seeded) database, dropped at the end of the run. */
  freshDatabase(options?: { seeded?: boolean; poolMax?: number }): Promise<{ database: Database; url: string; name: string }>;
  log(message: string): void;
}

/** A benchmark suite: `pnpm bench <name>` runs one, `pnpm bench` runs all. */
export interface BenchSuite {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

/** Creates the context of one run; `cleanup` drops every database it created. */
export function createContext(): { context: BenchContext; cleanup(): Promise<void> } {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const created: Array<{ name: string; database: Database }> = [];
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const context: BenchContext = {
    adminUrl,
    scale: process.env.BENCH_SCALE === 'reference' ? 'reference' : 'small',
    async freshDatabase(options = {}) {
      const name = `tb_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE "${name}"`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const database = openDatabase({ databaseUrl: url.toString(), poolMax: options.poolMax ?? 20 });
      created.push({ name, database });
      await migrate(database.knex);
      if (options.seeded) await seedCatalogue(database.knex);
      return { database, url: url.toString(), name };
    },
    log: (message) => process.stderr.write(`  ${message}\n`),
  };
  return {
    context,
    async cleanup() {
      for (const { name, database } of created) {
        await database.close().catch(() => undefined);
        await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
      }
    },
  };
}

/** Percentile of sorted or unsorted samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * The raw single-row commit rate of this PostgreSQL with `clients` concurrent connections: each client loops
 * `UPDATE … SET n = n + 1 WHERE id = $1` on its own row in autocommit (pgbench's simple-update shape).
 */
export async function rawCommitRate(url: string, clients: number, durationMs: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_commit (id int PRIMARY KEY, n bigint NOT NULL)');
    await pool.query('INSERT INTO bench_commit SELECT g, 0 FROM generate_series(1, $1) g ON CONFLICT DO NOTHING', [clients]);
    let commits = 0;
    const end = Date.now() + durationMs;
    await Promise.all(Array.from({ length: clients }, async (_, i) => {
      const client = await pool.connect();
      try {
        while (Date.now() < end) {
          await client.query('UPDATE bench_commit SET n = n + 1 WHERE id = $1', [i + 1]);
          commits += 1;
        }
      } finally {
        client.release();
      }
    }));
    return commits / (durationMs / 1000);
  } finally {
    await pool.end();
  }
}
