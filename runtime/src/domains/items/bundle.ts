import type { Knex } from 'knex';
import type { Item } from '@tongban/schemas';
import { AppError, type ErrorDetail } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import type { ImplementationOverrides } from '../catalogue/implementation';
import { reportDetails, type ItemService } from './service';
import { canonicalContentHash, contentColumns, insertAudit, lockItem, nextVersionNumber, toRecord } from './store';
import type { ImplementationPolicy } from './validation';

/** Identifies the bundle format; `formatVersion` changes when its layout does. */
export const BUNDLE_FORMAT = 'tongban.item-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

/** One published version in a bundle, with all its files. */
export interface BundleVersion {
  version: number;
  status: 'published' | 'superseded' | 'withdrawn';
  effectiveFrom: string;
  contentHash: string;
  item: Item;
  bpmn: string;
  forms: Record<string, unknown>;
  implementationPolicy: ImplementationPolicy;
  publishedBy: string | null;
  publishedAt: string | null;
  reason: string | null;
}

/** One regional implementation revision in a bundle. */
export interface BundleImplementation {
  regionCode: string;
  revision: number;
  status: 'active' | 'withdrawn';
  effectiveFrom: string;
  overrides: ImplementationOverrides;
  reason: string;
}

/** The exchange bundle: items with every published version and its files, and their implementation lists. */
export interface ItemBundleFile {
  format: typeof BUNDLE_FORMAT;
  formatVersion: typeof BUNDLE_FORMAT_VERSION;
  exportedAt: string;
  /** Change feed position of the export, so a receiver can follow the feed from there. */
  lastEventId: number;
  items: Array<{ code: string; versions: BundleVersion[]; implementations: BundleImplementation[] }>;
}

/** What an import did, per item. */
export interface ImportReport {
  items: Array<{ code: string; created: boolean; createdVersions: number[]; skippedVersions: number; createdImplementations: number }>;
  eventId: number | null;
}

const json = <T = unknown>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const stable = (value: unknown): string => JSON.stringify(value, (_key, entry: unknown) =>
  entry && typeof entry === 'object' && !Array.isArray(entry) ? Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : entry);

/**
 * Export and import of items between Tongban installations (issue #5 point 8). The import is idempotent: a version
 * already present with the same content hash and effective time, or an implementation revision with the same region,
 * effective time and overrides, is skipped; importing the same bundle twice writes nothing the second time. Imported
 * versions keep their effective times and publishers, take this installation's next version numbers, and are
 * validated against this installation's catalogue first — one problem refuses the whole bundle.
 */
export class BundleService {
  constructor(private readonly items: ItemService) {}

  private get knex(): Knex {
    return this.items.knex;
  }

  /** Builds the bundle of `codes` (every item when absent). */
  async export(codes?: string[]): Promise<ItemBundleFile> {
    const itemQuery = this.knex('item').orderBy('code').select('code');
    if (codes) itemQuery.whereIn('code', codes);
    const itemCodes = (await itemQuery).map((row: { code: string }) => row.code);
    const missing = (codes ?? []).filter((code) => !itemCodes.includes(code));
    if (missing.length > 0) throw new AppError('TB_ITEM_NOT_FOUND', { params: { code: missing[0] }, path: '/codes' });
    const lastEventId = await this.items.feed.latestId();
    const versions = await this.knex('item_version').whereIn('item_code', itemCodes).whereIn('status', ['published', 'superseded', 'withdrawn']).orderBy(['item_code', 'version']);
    const implementations = await this.knex('item_implementation').whereIn('item_code', itemCodes).orderBy(['item_code', 'region_code', 'revision']);
    return {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      exportedAt: this.items.clock().toISOString(),
      lastEventId,
      items: itemCodes.map((code) => ({
        code,
        versions: versions.filter((row: Record<string, unknown>) => row.item_code === code).map((row: Record<string, unknown>) => {
          const record = toRecord(row);
          return {
            version: record.version, status: record.status as BundleVersion['status'], effectiveFrom: record.effectiveFrom!, contentHash: canonicalContentHash(record),
            item: record.item, bpmn: record.bpmn, forms: record.forms, implementationPolicy: record.implementationPolicy,
            publishedBy: record.publishedBy, publishedAt: record.publishedAt, reason: record.reason,
          };
        }),
        implementations: implementations.filter((row: Record<string, unknown>) => row.item_code === code).map((row: Record<string, unknown>) => ({
          regionCode: String(row.region_code), revision: Number(row.revision), status: row.status as BundleImplementation['status'], effectiveFrom: iso(row.effective_from)!,
          overrides: json<ImplementationOverrides>(row.overrides), reason: String(row.reason),
        })),
      })),
    };
  }

  /** Imports a bundle in one transaction (see the class comment). */
  async import(principal: Principal, bundle: ItemBundleFile, reason: string): Promise<ImportReport> {
    const lookups = await this.items.lookups();
    const withBundleItems = { ...lookups, items: new Set([...lookups.items, ...bundle.items.map((entry) => entry.code)]) };
    const report = await this.knex.transaction(async (trx) => {
      const now = this.items.clock();
      const result: ImportReport = { items: [], eventId: null };
      const problems: ErrorDetail[] = [];
      const plans: Array<{ index: number; code: string; exists: boolean; versions: BundleVersion[]; implementations: BundleImplementation[]; skipped: number }> = [];
      for (const [index, entry] of bundle.items.entries()) {
        const exists = Boolean(await lockItem(trx, entry.code));
        const present = exists ? await trx('item_version').where({ item_code: entry.code }).whereIn('status', ['published', 'superseded', 'withdrawn']).select('document', 'bpmn', 'forms', 'effective_from') : [];
        const seen = new Set(present.map((row: Record<string, unknown>) => {
          const record = { item: json(row.document), bpmn: String(row.bpmn), forms: json<Record<string, unknown>>(row.forms) };
          return `${canonicalContentHash(record)}|${new Date(row.effective_from as string).getTime()}`;
        }));
        // The hash travels with the content and identifies it (canonical JSON, so key order does not matter): it must
        // be the content's, for every version, present here or not.
        const tampered = entry.versions.filter((version) => version.contentHash !== canonicalContentHash(version));
        for (const version of tampered) {
          problems.push({ path: `/items/${index}/versions/${version.version}/contentHash`, code: 'TB_VERSION_HASH_MISMATCH', message: { zh: '内容摘要与内容不符', en: 'the content hash does not match the content' } });
        }
        const versions = [...entry.versions].sort((a, b) => a.version - b.version)
          .filter((version) => !tampered.includes(version) && !seen.has(`${version.contentHash}|${new Date(version.effectiveFrom).getTime()}`));
        for (const version of versions) {
          if (version.item.code !== entry.code) {
            problems.push({ path: `/items/${index}/versions/${version.version}/item/code`, code: 'TB_VERSION_CODE_MISMATCH', message: { zh: '事项编码不一致', en: 'the item code differs' } });
            continue;
          }
          const { report: checked } = await this.items.validate(version, entry.code, withBundleItems);
          problems.push(...reportDetails(checked, `/items/${index}/versions/${version.version}`));
        }
        const existingImplementations = exists ? await trx('item_implementation').where({ item_code: entry.code }).select('region_code', 'effective_from', 'overrides') : [];
        const implementationKeys = new Set(existingImplementations.map((row: Record<string, unknown>) =>
          `${row.region_code}|${new Date(row.effective_from as string).getTime()}|${stable(json(row.overrides))}`));
        const implementations = entry.implementations.filter((implementation) =>
          !implementationKeys.has(`${implementation.regionCode}|${new Date(implementation.effectiveFrom).getTime()}|${stable(implementation.overrides)}`));
        if (!exists && versions.length === 0) {
          problems.push({ path: `/items/${index}/versions`, code: 'TB_SCHEMA_MIN_ITEMS', message: { zh: '新事项至少需要一个版本', en: 'a new item needs at least one version' } });
        }
        plans.push({ index, code: entry.code, exists, versions, implementations, skipped: entry.versions.length - versions.length });
      }
      if (problems.length > 0) throw new AppError('TB_ITEM_BUNDLE_INVALID', { details: problems.slice(0, 500), path: problems[0]!.path });

      for (const plan of plans) {
        if (!plan.exists) {
          const latest = plan.versions.at(-1)!.item;
          await trx('item').insert({
            code: plan.code, name: latest.name, type: latest.type, sub_category_code: latest.subCategoryCode, department_code: latest.implementingDepartment, levels: latest.levels, created_at: now,
          });
        }
        const createdVersions: number[] = [];
        const newest = await this.newestPublished(trx, plan.code);
        const live = plan.versions.filter((version) => version.status !== 'withdrawn');
        const last = live.at(-1);
        const lastWins = last && (!newest || new Date(last.effectiveFrom).getTime() >= newest.effectiveFrom.getTime());
        if (lastWins) await trx('item_version').where({ item_code: plan.code, status: 'published' }).update({ status: 'superseded', superseded_at: now });
        for (const version of plan.versions) {
          const number = await nextVersionNumber(trx, plan.code);
          const status = version.status === 'withdrawn' ? 'withdrawn' : version === last && lastWins ? 'published' : 'superseded';
          await trx('item_version').insert({
            item_code: plan.code, version: number, status, effective_from: new Date(version.effectiveFrom), ...contentColumns(version),
            created_by: principal.id, created_at: now, published_by: version.publishedBy ?? principal.id, published_at: version.publishedAt ? new Date(version.publishedAt) : now,
            reason: version.reason ?? reason, ...(status === 'superseded' ? { superseded_at: now } : {}), ...(status === 'withdrawn' ? { withdrawn_by: principal.id, withdrawn_at: now } : {}),
          });
          createdVersions.push(number);
        }
        for (const implementation of plan.implementations) {
          const region = await trx('region').where({ code: implementation.regionCode }).first('level');
          if (!region) continue;
          const lastRevision = await trx('item_implementation').where({ item_code: plan.code, region_code: implementation.regionCode }).max({ revision: 'revision' }).first();
          await trx('item_implementation').insert({
            item_code: plan.code, region_code: implementation.regionCode, level: region.level, revision: Number(lastRevision?.revision ?? 0) + 1,
            status: implementation.status, overrides: JSON.stringify(implementation.overrides), effective_from: new Date(implementation.effectiveFrom),
            created_by: principal.id, created_at: now, reason: implementation.reason, ...(implementation.status === 'withdrawn' ? { withdrawn_by: principal.id, withdrawn_at: now } : {}),
          });
        }
        if (createdVersions.length > 0 || plan.implementations.length > 0) {
          await insertAudit(trx, [{
            itemCode: plan.code, version: createdVersions.at(-1) ?? null, action: 'imported', actor: principal.id, at: now, reason,
            data: { createdVersions, skippedVersions: plan.skipped, createdImplementations: plan.implementations.length },
          }]);
        }
        result.items.push({ code: plan.code, created: !plan.exists, createdVersions, skippedVersions: plan.skipped, createdImplementations: plan.implementations.length });
      }
      const changed = result.items.filter((entry) => entry.createdVersions.length > 0 || entry.createdImplementations > 0);
      if (changed.length > 0) {
        result.eventId = await this.items.feed.append(trx, {
          kind: 'imported', at: now, actor: principal.id, reason, itemCodes: changed.map((entry) => entry.code),
          data: { exportedAt: bundle.exportedAt, items: changed },
        });
      }
      return result;
    });
    this.items.invalidateLookups();
    if (report.eventId !== null) this.items.feed.wake();
    return report;
  }

  private async newestPublished(trx: Knex.Transaction, code: string): Promise<{ effectiveFrom: Date } | undefined> {
    const row = await trx('item_version').where({ item_code: code }).whereIn('status', ['published', 'superseded'])
      .orderBy([{ column: 'effective_from', order: 'desc' }, { column: 'version', order: 'desc' }]).first('effective_from');
    return row ? { effectiveFrom: new Date(row.effective_from) } : undefined;
  }
}
