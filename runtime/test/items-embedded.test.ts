import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../src/db/database';
import { implementationsInForce } from '../src/domains/catalogue/store';
import { ChangeFeed } from '../src/domains/items/feed';

// Issue #5, point 8: on the embedded PGlite (one process, no LISTEN connection) the change feed degrades to
// in-process wake-ups after commit.
describe('the change feed on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongban-items-embedded-'));
  let database: Database;
  beforeAll(async () => {
    database = openDatabase({ dataDir });
    await migrate(database.knex);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('appends in a transaction, wakes this process\'s subscribers after commit and pages the event', async () => {
    const feed = new ChangeFeed(database.knex, database, 3_600_000);
    const seen: number[] = [];
    const woken = new Promise<void>((resolve) => {
      feed.subscribe(() => {
        void feed.page({ after: 0, limit: 10 }).then(({ events }) => {
          seen.push(...events.map((event) => event.id));
          if (events.length > 0) resolve();
        });
      });
    });
    expect(feed.listening).toBe(false);
    const id = await database.knex.transaction((trx) => feed.append(trx, {
      kind: 'published', at: new Date(), actor: 'city.approver', reason: '发布', itemCodes: ['XK09990001'], data: { versions: [] },
    }));
    feed.wake();
    await woken;
    expect(seen).toContain(id);
    expect((await feed.page({ after: 0, limit: 10, itemCode: 'XK09990001', kind: 'published' })).events).toHaveLength(1);
    await feed.close();
  });

  it('runs the implementation lookup of the catalogue (DISTINCT ON) on PGlite', async () => {
    expect(await implementationsInForce(database.knex, 'XK09990001', ['449902', '4499', '44'], new Date())).toEqual([]);
  });
});
