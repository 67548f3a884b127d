import pg from 'pg';
import type { Knex } from 'knex';
import type { Database } from '../../db/database';

/** Kinds of change events. */
export const CHANGE_KINDS = ['published', 'withdrawn', 'migrated', 'implementationChanged', 'imported'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** A change event as the feed serves it. */
export interface ChangeEvent {
  id: number;
  kind: ChangeKind;
  at: string;
  actor: string;
  reason: string;
  itemCodes: string[];
  changeSetId: string | null;
  data: Record<string, unknown>;
}

/** A new change event. */
export interface NewChangeEvent {
  kind: ChangeKind;
  at: Date;
  actor: string;
  reason: string;
  itemCodes: string[];
  changeSetId?: string | null;
  data: Record<string, unknown>;
}

/** The PostgreSQL channel change events are announced on (the payload is the event id). */
export const CHANGE_CHANNEL = 'tongban_change_event';

const toEvent = (row: Record<string, unknown>): ChangeEvent => ({
  id: Number(row.id),
  kind: row.kind as ChangeKind,
  at: new Date(row.at as string).toISOString(),
  actor: String(row.actor),
  reason: String(row.reason),
  itemCodes: row.item_codes as string[],
  changeSetId: (row.change_set_id as string | null) ?? null,
  data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
});

/**
 * The change feed (issue #5 point 8): append-only events in `change_event`, read as pages by cursor, and pushed live
 * to subscribers. An append inside a transaction also runs `pg_notify`, which PostgreSQL delivers on commit to every
 * runtime process listening — so a subscriber of any process wakes, whichever process published. On the embedded
 * PGlite (one process) the wake-up is in-process after commit; a slow poll covers both against a lost notification.
 */
export class ChangeFeed {
  private readonly listeners = new Set<() => void>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private poll: NodeJS.Timeout | undefined;
  private closed = false;
  private retryMs = 500;

  constructor(private readonly knex: Knex, private readonly database: Pick<Database, 'kind'>, private readonly pollMs = 5_000) {}

  /** Appends an event in the caller's transaction and announces it on commit. */
  async append(trx: Knex.Transaction, event: NewChangeEvent): Promise<number> {
    const [row] = await trx('change_event').insert({
      kind: event.kind,
      at: event.at,
      actor: event.actor,
      reason: event.reason,
      item_codes: event.itemCodes,
      change_set_id: event.changeSetId ?? null,
      data: JSON.stringify(event.data),
    }).returning('id');
    const id = Number((row as { id: number | string }).id);
    await trx.raw('SELECT pg_notify(?, ?)', [CHANGE_CHANNEL, String(id)]);
    return id;
  }

  /** Wakes this process's subscribers (call after the appending transaction committed). */
  wake(): void {
    for (const listener of this.listeners) listener();
  }

  /** Events after `after` (an event id), oldest first, optionally of one item or kind. */
  async page(options: { after?: number; limit: number; itemCode?: string; kind?: ChangeKind }): Promise<{ events: ChangeEvent[]; next: number | null }> {
    const query = this.knex('change_event').where('id', '>', options.after ?? 0).orderBy('id').limit(options.limit);
    if (options.itemCode) query.whereRaw('? = ANY(item_codes)', [options.itemCode]);
    if (options.kind) query.where('kind', options.kind);
    const events = (await query).map((row: Record<string, unknown>) => toEvent(row));
    return { events, next: events.length === options.limit ? events.at(-1)!.id : null };
  }

  /** The newest event id (0 when there is none). */
  async latestId(): Promise<number> {
    const row = await this.knex('change_event').max({ id: 'id' }).first();
    return Number(row?.id ?? 0);
  }

  /** Subscribes to wake-ups (a new event may exist); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    void this.ensureListening();
    this.poll ??= setInterval(() => this.wake(), this.pollMs);
    this.poll.unref?.();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.poll) {
        clearInterval(this.poll);
        this.poll = undefined;
      }
    };
  }

  /** Whether this process listens to PostgreSQL notifications (false on the embedded database). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.listeners.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Opens the LISTEN connection once, on PostgreSQL; reconnects with backoff when it drops. */
  private ensureListening(): Promise<void> {
    if (this.database.kind !== 'postgresql' || this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const connection = (this.knex.client as { config: Knex.Config }).config.connection;
      const client = new pg.Client(typeof connection === 'string' ? { connectionString: connection } : (connection as pg.ClientConfig));
      client.on('notification', () => this.wake());
      client.on('error', () => {
        if (this.client === client) this.client = undefined;
        client.end().catch(() => undefined);
        if (!this.closed && this.listeners.size > 0) {
          setTimeout(() => void this.ensureListening(), this.retryMs).unref?.();
          this.retryMs = Math.min(this.retryMs * 2, 30_000);
        }
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANGE_CHANNEL}`);
        if (this.closed) {
          await client.end();
          return;
        }
        this.client = client;
        this.retryMs = 500;
        // Events committed while (re)connecting were announced to nobody: wake once to catch up.
        this.wake();
      } catch {
        await client.end().catch(() => undefined);
        if (!this.closed && this.listeners.size > 0) {
          setTimeout(() => void this.ensureListening(), this.retryMs).unref?.();
          this.retryMs = Math.min(this.retryMs * 2, 30_000);
        }
      }
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }
}
