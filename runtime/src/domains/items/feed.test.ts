import { describe, expect, it, vi } from 'vitest';
import type { Knex } from 'knex';
import { ChangeFeed } from './feed';

describe('ChangeFeed on the embedded database', () => {
  it('opens no LISTEN connection and wakes subscribers in-process after a commit, and on its poll', async () => {
    vi.useFakeTimers();
    try {
      const knex = { client: { config: { connection: { filename: '/tmp/none' } } } } as unknown as Knex;
      const feed = new ChangeFeed(knex, { kind: 'embedded' }, 1000);
      const woken: string[] = [];
      const unsubscribe = feed.subscribe(() => woken.push('a'));
      feed.subscribe(() => woken.push('b'));
      expect(feed.listening).toBe(false);
      feed.wake();
      expect(woken).toEqual(['a', 'b']);
      unsubscribe();
      vi.advanceTimersByTime(1000);
      expect(woken).toEqual(['a', 'b', 'b']);
      await feed.close();
      vi.advanceTimersByTime(5000);
      expect(woken).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('appends in the caller\'s transaction and announces the id with pg_notify', async () => {
    const calls: Array<[string, unknown]> = [];
    const trx = Object.assign((table: string) => ({
      insert: (row: unknown) => {
        calls.push([`insert ${table}`, row]);
        return { returning: async () => [{ id: '42' }] };
      },
    }), { raw: async (sql: string, bindings: unknown) => calls.push([sql, bindings]) }) as unknown as Knex.Transaction;
    const feed = new ChangeFeed({} as Knex, { kind: 'postgresql' });
    const id = await feed.append(trx, { kind: 'published', at: new Date('2026-11-24T00:00:00Z'), actor: 'city.approver', reason: '发布', itemCodes: ['XK00001001'], data: {} });
    expect(id).toBe(42);
    expect(calls[0]![0]).toBe('insert change_event');
    expect(calls[1]).toEqual(['SELECT pg_notify(?, ?)', ['tongban_change_event', '42']]);
  });
});
