import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Item } from '@tongban/schemas';
import { canonicalJson } from '../applications/history';
import type { ImplementationPolicy, ValidationLookups, VersionBundle } from './validation';
import { DEFAULT_IMPLEMENTATION_POLICY } from './validation';

/** Statuses of an item version (issue #5 point 1). */
export const VERSION_STATUSES = ['draft', 'submitted', 'approved', 'published', 'superseded', 'withdrawn'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];
/** Statuses of a version being worked on; an item has at most one such version. */
export const OPEN_STATUSES: readonly VersionStatus[] = ['draft', 'submitted', 'approved'];
/** Statuses of a version that was published (immutable in the database). */
export const PUBLISHED_STATUSES: readonly VersionStatus[] = ['published', 'superseded', 'withdrawn'];

/** An item version's record without its content. */
export interface VersionSummary {
  id: number;
  itemCode: string;
  version: number;
  status: VersionStatus;
  effectiveFrom: string | null;
  contentHash: string;
  basedOnVersion: number | null;
  changeSetId: string | null;
  rev: number;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string | null;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  supersededAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
}

/** An item version with its content. */
export interface VersionRecord extends VersionSummary {
  item: Item;
  bpmn: string;
  forms: Record<string, unknown>;
  implementationPolicy: ImplementationPolicy;
}

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

const SUMMARY_COLUMNS = [
  'id', 'item_code', 'version', 'status', 'effective_from', 'content_hash', 'based_on_version', 'change_set_id', 'rev', 'reason',
  'created_by', 'created_at', 'updated_by', 'updated_at', 'submitted_by', 'submitted_at', 'approved_by', 'approved_at',
  'published_by', 'published_at', 'superseded_at', 'withdrawn_by', 'withdrawn_at',
];

export function toSummary(row: Record<string, unknown>): VersionSummary {
  return {
    id: Number(row.id),
    itemCode: String(row.item_code),
    version: Number(row.version),
    status: row.status as VersionStatus,
    effectiveFrom: iso(row.effective_from),
    contentHash: String(row.content_hash),
    basedOnVersion: row.based_on_version === null || row.based_on_version === undefined ? null : Number(row.based_on_version),
    changeSetId: text(row.change_set_id),
    rev: Number(row.rev ?? 0),
    reason: text(row.reason),
    createdBy: String(row.created_by),
    createdAt: iso(row.created_at)!,
    updatedBy: text(row.updated_by),
    updatedAt: iso(row.updated_at),
    submittedBy: text(row.submitted_by),
    submittedAt: iso(row.submitted_at),
    approvedBy: text(row.approved_by),
    approvedAt: iso(row.approved_at),
    publishedBy: text(row.published_by),
    publishedAt: iso(row.published_at),
    supersededAt: iso(row.superseded_at),
    withdrawnBy: text(row.withdrawn_by),
    withdrawnAt: iso(row.withdrawn_at),
  };
}

export function toRecord(row: Record<string, unknown>): VersionRecord {
  return {
    ...toSummary(row),
    item: json<Item>(row.document),
    bpmn: String(row.bpmn),
    forms: json<Record<string, unknown>>(row.forms),
    implementationPolicy: { ...DEFAULT_IMPLEMENTATION_POLICY, ...(row.implementation_policy ? json<Partial<ImplementationPolicy>>(row.implementation_policy) : {}) },
  };
}

/**
 * SHA-256 of a version's content over canonical JSON (keys sorted), so the same content hashes the same whichever
 * way its keys were ordered (jsonb reorders them). Versions seeded before keep the seed's hash; a copy of a version
 * keeps its source's hash.
 */
export function canonicalContentHash(bundle: Pick<VersionBundle, 'item' | 'bpmn' | 'forms'>): string {
  return createHash('sha256').update(canonicalJson(bundle.item)).update('\u0000').update(bundle.bpmn).update('\u0000').update(canonicalJson(bundle.forms)).digest('hex');
}

/** The columns of a version's content, ready to write; `contentHash` keeps a copied version's hash. */
export function contentColumns(bundle: VersionBundle & { contentHash?: string }): Record<string, unknown> {
  return {
    document: JSON.stringify(bundle.item),
    bpmn: bundle.bpmn,
    forms: JSON.stringify(bundle.forms),
    content_hash: bundle.contentHash ?? canonicalContentHash(bundle),
    implementation_policy: JSON.stringify(bundle.implementationPolicy ?? DEFAULT_IMPLEMENTATION_POLICY),
  };
}

/**
 * Locks an item row for the rest of the transaction: every lifecycle command on an item serialises on it. `FOR NO KEY
 * UPDATE`, not `FOR UPDATE`: each intake inserting an application takes `FOR KEY SHARE` on the item row (the foreign
 * key), which `FOR UPDATE` waits for — under steady intake a publication would starve — while `FOR NO KEY UPDATE`
 * does not conflict with it.
 */
export async function lockItem(trx: Knex.Transaction, code: string): Promise<Record<string, unknown> | undefined> {
  return trx('item').where({ code }).forNoKeyUpdate().first();
}

/** The version of an item being worked on (draft, submitted or approved), if any. */
export async function findOpenVersion(knex: Knex | Knex.Transaction, code: string): Promise<VersionRecord | undefined> {
  const row = await knex('item_version').where({ item_code: code }).whereIn('status', OPEN_STATUSES).first();
  return row ? toRecord(row) : undefined;
}

/** One version of an item by number. */
export async function findVersion(knex: Knex | Knex.Transaction, code: string, version: number): Promise<VersionRecord | undefined> {
  const row = await knex('item_version').where({ item_code: code, version }).first();
  return row ? toRecord(row) : undefined;
}

/** Every version of an item, newest first, without content. */
export async function listVersions(knex: Knex, code: string): Promise<VersionSummary[]> {
  const rows = await knex('item_version').where({ item_code: code }).orderBy('version', 'desc').select(SUMMARY_COLUMNS);
  return rows.map((row: Record<string, unknown>) => toSummary(row));
}

/** The next version number of an item. */
export async function nextVersionNumber(trx: Knex.Transaction, code: string): Promise<number> {
  const row = await trx('item_version').where({ item_code: code }).max({ version: 'version' }).first();
  return Number(row?.version ?? 0) + 1;
}

/** The latest published version (the one in force, or scheduled), if any. */
export async function latestPublished(knex: Knex | Knex.Transaction, code: string): Promise<VersionRecord | undefined> {
  const row = await knex('item_version').where({ item_code: code }).whereIn('status', ['published', 'superseded'])
    .orderBy([{ column: 'effective_from', order: 'desc' }, { column: 'version', order: 'desc' }]).first();
  return row ? toRecord(row) : undefined;
}

/** One audit entry (issue #5 point 9). */
export interface AuditEntry {
  itemCode: string;
  version?: number | null;
  action: string;
  actor: string;
  at: Date;
  reason?: string | null;
  data?: Record<string, unknown>;
}

/** Appends audit entries in the caller's transaction. */
export async function insertAudit(trx: Knex.Transaction, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await trx('item_audit').insert(entries.map((entry) => ({
    item_code: entry.itemCode,
    version: entry.version ?? null,
    action: entry.action,
    actor: entry.actor,
    at: entry.at,
    reason: entry.reason ?? null,
    data: JSON.stringify(entry.data ?? {}),
  })));
}

/** The audit trail of an item, newest first, paged by id. */
export async function listAudit(knex: Knex, code: string, options: { before?: number; limit: number }) {
  const query = knex('item_audit').where({ item_code: code }).orderBy('id', 'desc').limit(options.limit);
  if (options.before) query.where('id', '<', options.before);
  const rows = await query;
  return rows.map((row: Record<string, unknown>) => ({
    id: Number(row.id),
    itemCode: String(row.item_code),
    version: row.version === null ? null : Number(row.version),
    action: String(row.action),
    actor: String(row.actor),
    at: iso(row.at)!,
    reason: text(row.reason),
    data: json<Record<string, unknown>>(row.data),
  }));
}

/** Catalogue facts for validation, and departments with their regions for implementation checks. */
export async function loadLookups(knex: Knex | Knex.Transaction): Promise<ValidationLookups & { departmentRegions: Map<string, string> }> {
  const [licenceTypes, departments, items, categories] = await Promise.all([
    knex('licence_type').pluck('code'),
    knex('department').select('code', 'region_code'),
    knex('item').pluck('code'),
    knex('category').pluck('code'),
  ]);
  const departmentRegions = new Map<string, string>((departments as Array<{ code: string; region_code: string }>).map((row) => [row.code, row.region_code]));
  return {
    licenceTypes: new Set(licenceTypes as string[]),
    departments: new Set(departmentRegions.keys()),
    departmentRegions,
    items: new Set(items as string[]),
    subCategories: new Set(categories as string[]),
  };
}
