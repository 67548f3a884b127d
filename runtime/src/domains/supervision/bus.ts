import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import pg from 'pg';
import type { Database } from '../../db/database';

/** The PostgreSQL channel of supervision messages. */
export const SUPERVISION_CHANNEL = 'tongban_supervision';

/** Where a message belongs, for the scope of each listener (a supervisor sees their region and department). */
export interface MessageScope {
  departmentCode: string;
  districtCode: string;
  regionCode: string;
}

/** What the live stream carries (docs/supervision.md, "Live stream"). */
export type SupervisionMessage =
  | (MessageScope & {
      type: 'warning';
      id: number;
      level: 'yellow' | 'red';
      target: 'application' | 'task';
      taskId?: string;
      applicationId: string;
      number: string;
      itemCode: string;
      dueAt: string;
      firedAt: string;
    })
  | (MessageScope & { type: 'figures'; level: string; itemCode: string; reason: 'submitted' | 'closed' | 'state' | 'evaluated' })
  | (MessageScope & { type: 'deemedAccepted'; applicationId: string; number: string; at: string })
  | (MessageScope & {
      type: 'rectification';
      event: 'opened' | 'escalated' | 'closed';
      id: string;
      applicationId: string;
      dueAt: string;
      escalatedTo?: string;
    })
  | { type: 'calendar'; date: string }
  | { type: 'resync'; reason: string };

/**
 * Fans supervision messages out to every runtime process. A message is sent with `pg_notify` inside the
 * transaction that decides it, so PostgreSQL delivers it only on commit and never for a rollback; each process
 * LISTENs on one dedicated connection (not from the pool) and hands what arrives to its subscribers (the SSE
 * streams). On the embedded PGlite, which is one process anyway, PGlite's own `listen` is used; if that is not
 * available the message goes to local subscribers when the transaction commits. A lost LISTEN connection is
 * reopened with backoff and subscribers get a `resync` message to refetch what they show.
 */
export class SupervisionBus {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private closed = false;
  private retryMs = 500;
  private reconnectTimer: NodeJS.Timeout | undefined;
  mode: 'listen' | 'embedded' | 'local' = 'local';

  constructor(private readonly database: Database, private readonly log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void }) {
    this.emitter.setMaxListeners(0);
  }

  /** Opens the LISTEN connection (PostgreSQL) or the embedded listener; never throws — it degrades. */
  async start(): Promise<void> {
    if (this.database.kind === 'postgresql') {
      await this.connect();
      return;
    }
    const pglite = (this.database.knex.client as { pglite?: { listen?: (channel: string, cb: (payload: string) => void) => Promise<() => Promise<void>> } }).pglite;
    try {
      if (!pglite?.listen) throw new Error('PGlite has no listen()');
      this.unlisten = await pglite.listen(SUPERVISION_CHANNEL, (payload) => this.deliver(payload));
      this.mode = 'embedded';
    } catch (error) {
      this.mode = 'local';
      this.log.warn({ err: error }, 'supervision stream: no LISTEN on the embedded database; delivering in this process on commit');
    }
  }

  private async connect(): Promise<void> {
    const connection = (this.database.knex.client as { config: { connection: unknown } }).config.connection;
    const client = new pg.Client(typeof connection === 'string' ? { connectionString: connection } : (connection as pg.ClientConfig));
    const retry = (error: unknown) => {
      if (this.closed || this.client !== client) return;
      this.client = undefined;
      this.mode = 'local';
      this.log.warn({ err: error }, 'supervision stream: LISTEN connection lost; reconnecting');
      client.end().catch(() => undefined);
      this.reconnectTimer = setTimeout(() => {
        this.connect().then(() => this.emitter.emit('message', { type: 'resync', reason: 'listener reconnected' }), () => undefined);
      }, this.retryMs);
      this.reconnectTimer.unref();
      this.retryMs = Math.min(30_000, this.retryMs * 2);
    };
    try {
      this.client = client;
      client.on('error', retry);
      client.on('end', () => retry(new Error('connection ended')));
      client.on('notification', (message) => {
        if (message.channel === SUPERVISION_CHANNEL && message.payload) this.deliver(message.payload);
      });
      await client.connect();
      await client.query(`LISTEN ${SUPERVISION_CHANNEL}`);
      this.mode = 'listen';
      this.retryMs = 500;
    } catch (error) {
      retry(error);
    }
  }

  private deliver(payload: string): void {
    try {
      this.emitter.emit('message', JSON.parse(payload) as SupervisionMessage);
    } catch (error) {
      this.log.warn({ err: error }, 'supervision stream: unreadable message');
    }
  }

  /**
   * Sends a message when `trx` commits. With LISTEN (PostgreSQL, PGlite) it is a NOTIFY in the transaction; in
   * the local fallback it is emitted after the commit.
   */
  async publish(trx: Knex.Transaction, message: SupervisionMessage): Promise<void> {
    const payload = JSON.stringify(message);
    if (this.mode === 'local' && this.database.kind !== 'postgresql') {
      trx.executionPromise.then(() => this.emitter.emit('message', message), () => undefined);
      return;
    }
    // With PostgreSQL the NOTIFY is sent even while this process's LISTEN is reconnecting: the others still listen.
    await trx.raw('SELECT pg_notify(?, ?)', [SUPERVISION_CHANNEL, payload]);
  }

  /** Calls `listener` with every message; answers the function that stops it. */
  subscribe(listener: (message: SupervisionMessage) => void): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.emitter.removeAllListeners();
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
    if (this.unlisten) await this.unlisten().catch(() => undefined);
  }
}
