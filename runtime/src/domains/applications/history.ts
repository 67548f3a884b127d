import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/** The hash that precedes an application's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** One history event to append. */
export interface NewEvent {
  at: Date;
  actor: string;
  kind: string;
  elementId?: string | undefined;
  elementType?: string | undefined;
  data: Record<string, unknown>;
}

/** A stored history event. */
export interface StoredEvent extends NewEvent {
  seq: number;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted, so that the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of an event chained to its predecessor: sha256(prevHash ‖ canonical event). */
export function eventHash(prevHash: string, seq: number, event: NewEvent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({
      seq,
      at: event.at.toISOString(),
      actor: event.actor,
      kind: event.kind,
      elementId: event.elementId ?? null,
      elementType: event.elementType ?? null,
      data: event.data,
    }))
    .digest('hex');
}

/** Chains new events after `(seq, hash)`; returns the rows and the new head. */
export function chainEvents(applicationId: string, head: { seq: number; hash: string }, events: NewEvent[]) {
  let { seq, hash } = head;
  const rows = events.map((raw) => {
    // Hash exactly what is stored: the data after a JSON round trip (dates become strings, undefined disappears).
    const event = { ...raw, data: JSON.parse(JSON.stringify(raw.data)) as Record<string, unknown> };
    seq += 1;
    const prevHash = hash;
    hash = eventHash(prevHash, seq, event);
    return {
      application_id: applicationId,
      seq,
      at: event.at,
      actor: event.actor,
      kind: event.kind,
      element_id: event.elementId ?? null,
      element_type: event.elementType ?? null,
      data: JSON.stringify(event.data),
      prev_hash: prevHash,
      hash,
    };
  });
  return { rows, head: { seq, hash } };
}

/** Result of checking an application's history chain. */
export interface ChainVerification {
  ok: boolean;
  events: number;
  /** The first event whose hash does not match its content or predecessor. */
  brokenAt?: number;
}

/** Re-computes the hash chain of an application's history; any modified, removed or reordered event breaks it. */
export async function verifyHistory(knex: Knex, applicationId: string): Promise<ChainVerification> {
  const rows = await knex('event').where({ application_id: applicationId }).orderBy('seq');
  let prev = GENESIS_HASH;
  let expectedSeq = 0;
  for (const row of rows as Array<Record<string, unknown>>) {
    expectedSeq += 1;
    const seq = Number(row.seq);
    const event: NewEvent = {
      at: new Date(row.at as string | Date),
      actor: String(row.actor),
      kind: String(row.kind),
      elementId: (row.element_id as string | null) ?? undefined,
      elementType: (row.element_type as string | null) ?? undefined,
      data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
    };
    if (seq !== expectedSeq || row.prev_hash !== prev || eventHash(prev, seq, event) !== row.hash) {
      return { ok: false, events: rows.length, brokenAt: seq };
    }
    prev = String(row.hash);
  }
  return { ok: true, events: rows.length };
}
