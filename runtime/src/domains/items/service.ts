import type { Knex } from 'knex';
import type { Item } from '@tongban/schemas';
import { AppError, type ErrorDetail } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import { checkOverrides, type ImplementationOverrides } from '../catalogue/implementation';
import { findRegion } from '../catalogue/store';
import { diffVersions, type DiffSummary, type VersionDiff } from './diff';
import type { ChangeFeed } from './feed';
import type { ValidationReport } from './report';
import {
  contentColumns, findOpenVersion, findVersion, insertAudit, latestPublished, listAudit, listVersions, loadLookups, lockItem, nextVersionNumber,
  OPEN_STATUSES, toRecord, type VersionRecord, type VersionStatus,
} from './store';
import { compileCached, validateVersion, type ImplementationPolicy, type ValidationLookups, type VersionBundle, type VersionValidation } from './validation';

/** A label of a status for messages, in both languages. */
const STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '待审核', en: 'submitted' },
  approved: { zh: '已审核', en: 'approved' },
  published: { zh: '已发布', en: 'published' },
  superseded: { zh: '已被替代', en: 'superseded' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  open: { zh: '编辑中', en: 'open' },
  discarded: { zh: '已放弃', en: 'discarded' },
};
export const statusLabel = (status: string) => STATUS_LABELS[status] ?? { zh: status, en: status };
const expectedLabel = (statuses: string[]) => ({
  zh: statuses.map((status) => statusLabel(status).zh).join('或'), en: statuses.map((status) => statusLabel(status).en).join(' or '),
});

/** Turns a report's errors into error-body details. */
export function reportDetails(report: ValidationReport, prefix = ''): ErrorDetail[] {
  return report.problems.filter((entry) => entry.severity === 'error').map((entry) => ({ path: `${prefix}${entry.path}`, code: entry.code, message: entry.message }));
}

/** The content of a draft as saved. */
export interface DraftContent {
  item: unknown;
  bpmn: string;
  forms: Record<string, unknown>;
  implementationPolicy?: ImplementationPolicy;
}

/** One publication, as the change feed records it. */
export interface PublishedEntry {
  itemCode: string;
  version: number;
  previousVersion: number | null;
  effectiveFrom: string;
  contentHash: string;
  summary: DiffSummary | null;
}

/**
 * The management of items (issue #5): drafts, the review lifecycle with four eyes, publication with an effective
 * time, withdrawal, rollback, diff, regional implementation lists, four-eyes policy and audit. Every command is one
 * transaction that first locks the item row, so commands on one item serialise while other items proceed.
 */
export class ItemService {
  private lookupCache: { at: number; value: Promise<Awaited<ReturnType<typeof loadLookups>>> } | undefined;

  constructor(readonly knex: Knex, readonly feed: ChangeFeed, readonly clock: () => Date = () => new Date()) {}

  // ---------------------------------------------------------------------------------------------------------------
  // Validation

  /** Catalogue facts, kept for 30 s (departments, licence types and categories change rarely; new items clear it). */
  lookups(db: Knex | Knex.Transaction = this.knex): Promise<Awaited<ReturnType<typeof loadLookups>>> {
    if (!this.lookupCache || Date.now() - this.lookupCache.at > 30_000) {
      // Inside a command, through its transaction: a second pool connection could wait for ever (pool starvation).
      const value = loadLookups(db);
      value.catch(() => (this.lookupCache = undefined));
      this.lookupCache = { at: Date.now(), value };
    }
    return this.lookupCache.value;
  }

  /** Forgets the catalogue facts (after an item is created or imported). */
  invalidateLookups(): void {
    this.lookupCache = undefined;
  }

  /** Validates content without writing anything (the designer's live check). */
  async validate(bundle: VersionBundle, expectedCode?: string, lookups?: ValidationLookups): Promise<VersionValidation> {
    return validateVersion(bundle, lookups ?? (await this.lookups()), expectedCode ? { expectedCode } : {});
  }

  private async assertValid(record: Pick<VersionRecord, 'item' | 'bpmn' | 'forms' | 'implementationPolicy' | 'itemCode'>, trx: Knex.Transaction): Promise<ValidationReport> {
    const { report } = await this.validate(record, record.itemCode, await this.lookups(trx));
    if (!report.ok) throw new AppError('TB_VERSION_INVALID', { details: reportDetails(report), path: report.problems[0]?.path ?? '' });
    return report;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading

  /** An item's versions, its open version and what is in force or scheduled. */
  async overview(code: string) {
    const item = await this.knex('item').where({ code }).first();
    if (!item) throw new AppError('TB_ITEM_NOT_FOUND', { params: { code }, path: '/code' });
    const versions = await listVersions(this.knex, code);
    const now = this.clock();
    const inForce = versions
      .filter((version) => (version.status === 'published' || version.status === 'superseded') && version.effectiveFrom && new Date(version.effectiveFrom) <= now)
      .sort((a, b) => (b.effectiveFrom! > a.effectiveFrom! ? 1 : b.effectiveFrom! < a.effectiveFrom! ? -1 : b.version - a.version))[0];
    return {
      code,
      name: String(item.name),
      type: String(item.type),
      departmentCode: String(item.department_code),
      effectiveVersion: inForce?.version ?? null,
      scheduledVersions: versions.filter((version) => version.status === 'published' && version.effectiveFrom && new Date(version.effectiveFrom) > now).map((version) => version.version),
      openVersion: versions.find((version) => OPEN_STATUSES.includes(version.status)) ?? null,
      versions,
    };
  }

  /** One version with its content. */
  async version(code: string, version: number): Promise<VersionRecord> {
    const record = await findVersion(this.knex, code, version);
    if (!record) throw new AppError('TB_VERSION_NOT_FOUND', { params: { code, version }, path: '/version' });
    return record;
  }

  /** The version being worked on. */
  async draft(code: string): Promise<VersionRecord> {
    const record = await findOpenVersion(this.knex, code);
    if (!record) {
      if (!(await this.knex('item').where({ code }).first('code'))) throw new AppError('TB_ITEM_NOT_FOUND', { params: { code }, path: '/code' });
      throw new AppError('TB_VERSION_NO_DRAFT', { params: { code } });
    }
    return record;
  }

  /** The audit trail of an item. */
  async audit(code: string, options: { before?: number; limit: number }) {
    if (!(await this.knex('item').where({ code }).first('code'))) throw new AppError('TB_ITEM_NOT_FOUND', { params: { code }, path: '/code' });
    return listAudit(this.knex, code, options);
  }

  /** The structured difference between two versions (`'draft'` names the open version). */
  async diff(code: string, from: number | 'draft', to: number | 'draft'): Promise<VersionDiff & { from: { version: number; status: string }; to: { version: number; status: string } }> {
    const load = (which: number | 'draft') => (which === 'draft' ? this.draft(code) : this.version(code, which));
    const [a, b] = await Promise.all([load(from), load(to)]);
    const diff = await diffRecords(a, b);
    return { from: { version: a.version, status: a.status }, to: { version: b.version, status: b.status }, ...diff };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Drafts

  /** Creates a new item with its first version as a draft. The content must at least name the item's basics. */
  async createItem(principal: Principal, input: DraftContent & { reason: string }): Promise<VersionRecord> {
    const now = this.clock();
    const item = input.item as Partial<Item>;
    const required = ['code', 'name', 'type', 'subCategoryCode', 'implementingDepartment', 'levels'] as const;
    const { report } = await this.validate(input);
    const basics = report.problems.filter((entry) => entry.severity === 'error' && required.some((field) => entry.path === `/item/${field}` || entry.path.startsWith(`/item/${field}/`)));
    const missing = required.filter((field) => item[field] === undefined);
    if (missing.length > 0 || basics.length > 0) {
      throw new AppError('TB_ITEM_INVALID', {
        path: missing.length > 0 ? `/item/${missing[0]}` : basics[0]!.path,
        details: [
          ...missing.map((field) => ({ path: `/item/${field}`, code: 'TB_SCHEMA_REQUIRED', message: { zh: '必填项缺失', en: 'is required' } })),
          ...basics.map((entry) => ({ path: entry.path, code: entry.code, message: entry.message })),
        ],
      });
    }
    const record = await this.knex.transaction(async (trx) => {
      const inserted = await trx('item').insert({
        code: item.code, name: item.name, type: item.type, sub_category_code: item.subCategoryCode, department_code: item.implementingDepartment,
        levels: item.levels, created_at: now,
      }).onConflict('code').ignore().returning('code');
      if (inserted.length === 0) throw new AppError('TB_ITEM_EXISTS', { params: { code: item.code }, path: '/item/code' });
      const [row] = await trx('item_version').insert({
        item_code: item.code, version: 1, status: 'draft', ...contentColumns(input), created_by: principal.id, created_at: now,
        updated_by: principal.id, updated_at: now, reason: input.reason,
      }).returning('*');
      await insertAudit(trx, [{ itemCode: item.code!, version: 1, action: 'itemCreated', actor: principal.id, at: now, reason: input.reason }]);
      return toRecord(row);
    });
    this.invalidateLookups();
    return record;
  }

  /**
   * Opens a draft: a copy of `basedOn` (any earlier version — a rollback), else of the latest published version. 409
   * when a version is already being worked on.
   */
  async openDraft(principal: Principal, code: string, input: { basedOn?: number; reason: string; action?: string }): Promise<VersionRecord> {
    return this.knex.transaction(async (trx) => {
      await this.lockExisting(trx, code);
      const open = await findOpenVersion(trx, code);
      if (open) throw new AppError('TB_VERSION_DRAFT_EXISTS', { params: { code, version: open.version, status: statusLabel(open.status) } });
      const source = input.basedOn !== undefined ? await findVersion(trx, code, input.basedOn) : await latestPublished(trx, code);
      if (!source) throw new AppError('TB_VERSION_NOT_FOUND', { params: { code, version: input.basedOn ?? '-' }, path: '/basedOn' });
      const now = this.clock();
      const version = await nextVersionNumber(trx, code);
      const [row] = await trx('item_version').insert({
        item_code: code, version, status: 'draft', ...contentColumns(source), based_on_version: source.version, created_by: principal.id,
        created_at: now, updated_by: principal.id, updated_at: now, reason: input.reason,
      }).returning('*');
      await insertAudit(trx, [{
        itemCode: code, version, action: input.action ?? 'draftOpened', actor: principal.id, at: now, reason: input.reason, data: { basedOn: source.version },
      }]);
      return toRecord(row);
    });
  }

  /**
   * Saves the draft's content (only while it is a draft). With `rev`, refuses with 409 when someone saved in
   * between. Answers the saved version and its validation report.
   */
  async saveDraft(principal: Principal, code: string, input: DraftContent & { rev?: number; reason?: string }): Promise<{ version: VersionRecord; validation: ValidationReport }> {
    const { report } = await this.validate(input, code);
    const version = await this.knex.transaction(async (trx) => {
      await this.lockExisting(trx, code);
      const open = await findOpenVersion(trx, code);
      if (!open) throw new AppError('TB_VERSION_NO_DRAFT', { params: { code } });
      this.assertStatus(open, ['draft']);
      if (input.rev !== undefined && input.rev !== open.rev) throw new AppError('TB_REQUEST_CONFLICT', { path: '/rev' });
      const now = this.clock();
      const [row] = await trx('item_version').where({ id: open.id }).update({
        ...contentColumns({ ...input, implementationPolicy: input.implementationPolicy ?? open.implementationPolicy }),
        rev: open.rev + 1, updated_by: principal.id, updated_at: now,
      }).returning('*');
      await insertAudit(trx, [{
        itemCode: code, version: open.version, action: 'draftSaved', actor: principal.id, at: now, reason: input.reason ?? null,
        data: { rev: open.rev + 1, errors: report.errors, warnings: report.warnings },
      }]);
      return toRecord(row);
    });
    return { version, validation: report };
  }

  /** Discards the draft (a draft or a returned version; never one that was published). */
  async discardDraft(principal: Principal, code: string, reason: string): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await this.lockExisting(trx, code);
      const open = await findOpenVersion(trx, code);
      if (!open) throw new AppError('TB_VERSION_NO_DRAFT', { params: { code } });
      this.assertStatus(open, ['draft']);
      if (open.changeSetId) throw new AppError('TB_VERSION_IN_CHANGE_SET', { params: { changeSetId: open.changeSetId } });
      await trx('item_version').where({ id: open.id }).delete();
      await insertAudit(trx, [{ itemCode: code, version: open.version, action: 'draftDiscarded', actor: principal.id, at: this.clock(), reason }]);
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Review

  /** Submits the draft for review; refused with the whole report when it does not validate. */
  async submit(principal: Principal, code: string, reason: string): Promise<VersionRecord> {
    return this.transition(principal, code, { from: ['draft'], to: 'submitted', action: 'submitted', reason, validate: true });
  }

  /** Sends a submitted or approved version back to draft (the reviewer's 退回). */
  async returnToDraft(principal: Principal, code: string, reason: string): Promise<VersionRecord> {
    return this.transition(principal, code, { from: ['submitted', 'approved'], to: 'draft', action: 'returned', reason });
  }

  /** Approves a submitted version; with four eyes (per item type, on by default) the approver is not the submitter. */
  async approve(principal: Principal, code: string, reason: string): Promise<VersionRecord> {
    return this.transition(principal, code, { from: ['submitted'], to: 'approved', action: 'approved', reason, fourEyes: true });
  }

  private async transition(principal: Principal, code: string, step: { from: VersionStatus[]; to: VersionStatus; action: string; reason: string; validate?: boolean; fourEyes?: boolean; changeSetId?: string }) {
    return this.knex.transaction(async (trx) => {
      await this.lockExisting(trx, code);
      const open = await findOpenVersion(trx, code);
      if (!open) throw new AppError('TB_VERSION_NO_DRAFT', { params: { code } });
      if (open.changeSetId !== (step.changeSetId ?? null)) throw new AppError('TB_VERSION_IN_CHANGE_SET', { params: { changeSetId: open.changeSetId } });
      return this.transitionLocked(trx, principal, open, step);
    });
  }

  /** Moves a locked open version between review statuses, recording who and why. */
  async transitionLocked(trx: Knex.Transaction, principal: Principal, open: VersionRecord, step: { from: VersionStatus[]; to: VersionStatus; action: string; reason: string; validate?: boolean; fourEyes?: boolean }): Promise<VersionRecord> {
    this.assertStatus(open, step.from);
    if (step.validate) await this.assertValid(open, trx);
    if (step.fourEyes) await this.assertFourEyes(trx, open.item.type, open.submittedBy, principal);
    const now = this.clock();
    const patch: Record<string, unknown> = { status: step.to };
    if (step.to === 'submitted') Object.assign(patch, { submitted_by: principal.id, submitted_at: now, approved_by: null, approved_at: null });
    if (step.to === 'approved') Object.assign(patch, { approved_by: principal.id, approved_at: now });
    if (step.to === 'draft') Object.assign(patch, { submitted_by: null, submitted_at: null, approved_by: null, approved_at: null });
    const [row] = await trx('item_version').where({ id: open.id }).update(patch).returning('*');
    await insertAudit(trx, [{ itemCode: open.itemCode, version: open.version, action: step.action, actor: principal.id, at: now, reason: step.reason }]);
    return toRecord(row);
  }

  /** Refuses an approver who submitted the version, when the item type needs four eyes. */
  async assertFourEyes(trx: Knex.Transaction | Knex, itemType: string, submitter: string | null, principal: Principal): Promise<void> {
    const policy = await trx('item_type_policy').where({ item_type: itemType }).first('four_eyes');
    const fourEyes = policy ? Boolean(policy.four_eyes) : true;
    if (fourEyes && submitter === principal.id) throw new AppError('TB_VERSION_FOUR_EYES', { params: { submitter } });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Publication

  /**
   * Publishes the approved version, effective from `effectiveFrom` (default now): validated again, then in one
   * transaction published, earlier published versions superseded, the item row updated, an event appended to the
   * change feed and the audit written. Applications already running keep the version they started with.
   */
  async publish(principal: Principal, code: string, input: { effectiveFrom?: string; reason: string }): Promise<{ version: VersionRecord; eventId: number }> {
    const result = await this.knex.transaction(async (trx) => {
      await this.lockExisting(trx, code);
      const open = await findOpenVersion(trx, code);
      if (!open) throw new AppError('TB_VERSION_NO_DRAFT', { params: { code } });
      if (open.changeSetId) throw new AppError('TB_VERSION_IN_CHANGE_SET', { params: { changeSetId: open.changeSetId } });
      const effectiveFrom = this.effectiveTime(input.effectiveFrom);
      const [published] = await this.publishLocked(trx, principal, [open], effectiveFrom, input.reason);
      const eventId = await this.feed.append(trx, {
        kind: 'published', at: this.clock(), actor: principal.id, reason: input.reason, itemCodes: [code], data: { versions: [published!.entry] },
      });
      return { version: published!.record, eventId };
    });
    this.feed.wake();
    return result;
  }

  /** The effective time of a publication: given (not in the past, a minute of clock skew allowed) or now. */
  effectiveTime(given: string | undefined): Date {
    const now = this.clock();
    if (!given) return now;
    const at = new Date(given);
    if (at.getTime() < now.getTime() - 60_000) throw new AppError('TB_VERSION_EFFECTIVE_FROM_PAST', { path: '/effectiveFrom' });
    return at;
  }

  /**
   * Publishes locked, approved versions in the caller's transaction with one effective time (a single item, or a
   * change set's items). Each is validated again — the catalogue may have changed since approval.
   */
  async publishLocked(trx: Knex.Transaction, principal: Principal, versions: VersionRecord[], effectiveFrom: Date, reason: string, options: { skipValidation?: boolean } = {}): Promise<Array<{ record: VersionRecord; entry: PublishedEntry }>> {
    const now = this.clock();
    const out: Array<{ record: VersionRecord; entry: PublishedEntry }> = [];
    for (const open of versions) {
      this.assertStatus(open, ['approved']);
      if (!options.skipValidation) await this.assertValid(open, trx);
      const later = await trx('item_version').where({ item_code: open.itemCode, status: 'published' }).where('effective_from', '>', effectiveFrom)
        .orderBy('effective_from', 'desc').first('version', 'effective_from');
      if (later) {
        throw new AppError('TB_VERSION_EFFECTIVE_CONFLICT', {
          params: { version: later.version, effectiveFrom: new Date(later.effective_from).toISOString() }, path: `/items/${open.itemCode}/effectiveFrom`,
        });
      }
      const previous = await latestPublished(trx, open.itemCode);
      await trx('item_version').where({ item_code: open.itemCode, status: 'published' }).update({ status: 'superseded', superseded_at: now });
      const [row] = await trx('item_version').where({ id: open.id }).update({
        status: 'published', effective_from: effectiveFrom, published_by: principal.id, published_at: now,
      }).returning('*');
      const record = toRecord(row);
      await trx('item').where({ code: open.itemCode }).update({
        name: record.item.name, type: record.item.type, sub_category_code: record.item.subCategoryCode,
        department_code: record.item.implementingDepartment, levels: record.item.levels,
      });
      const summary = previous ? (await diffRecords(previous, record)).summary : null;
      await insertAudit(trx, [{
        itemCode: open.itemCode, version: open.version, action: 'published', actor: principal.id, at: now, reason,
        data: { effectiveFrom: effectiveFrom.toISOString(), previousVersion: previous?.version ?? null, ...(open.changeSetId ? { changeSetId: open.changeSetId } : {}), summary },
      }]);
      out.push({
        record,
        entry: { itemCode: open.itemCode, version: open.version, previousVersion: previous?.version ?? null, effectiveFrom: effectiveFrom.toISOString(), contentHash: record.contentHash, summary },
      });
    }
    return out;
  }

  /**
   * Withdraws a published version: new applications no longer get it (an earlier version still in force takes over
   * again; without one the item is no longer offered). Applications running on it finish on it.
   */
  async withdraw(principal: Principal, code: string, version: number | 'all', reason: string): Promise<{ versions: number[]; eventId: number }> {
    const result = await this.knex.transaction(async (trx) => {
      await this.lockExisting(trx, code);
      const query = trx('item_version').where({ item_code: code }).whereIn('status', ['published', 'superseded']);
      if (version !== 'all') {
        const record = await findVersion(trx, code, version);
        if (!record) throw new AppError('TB_VERSION_NOT_FOUND', { params: { code, version }, path: '/version' });
        this.assertStatus(record, ['published', 'superseded']);
        query.where({ version });
      }
      const now = this.clock();
      const rows = await query.update({ status: 'withdrawn', withdrawn_by: principal.id, withdrawn_at: now }).returning('version');
      const versions = rows.map((row: { version: number }) => Number(row.version)).sort((a: number, b: number) => a - b);
      if (versions.length === 0) throw new AppError('TB_ITEM_NOT_EFFECTIVE', { params: { code }, path: '/code' });
      const inForce = await trx('item_version').where({ item_code: code }).whereIn('status', ['published', 'superseded']).where('effective_from', '<=', now)
        .orderBy([{ column: 'effective_from', order: 'desc' }, { column: 'version', order: 'desc' }]).first('version');
      await insertAudit(trx, versions.map((withdrawn: number) => ({ itemCode: code, version: withdrawn, action: 'withdrawn', actor: principal.id, at: now, reason })));
      const eventId = await this.feed.append(trx, {
        kind: 'withdrawn', at: now, actor: principal.id, reason, itemCodes: [code],
        data: { versions: versions.map((withdrawn: number) => ({ itemCode: code, version: withdrawn })), inForceVersion: inForce ? Number(inForce.version) : null },
      });
      return { versions, eventId };
    });
    this.feed.wake();
    return result;
  }

  /** Rollback: opens a draft with an earlier version's content; it is reviewed and published as a new version. */
  async rollback(principal: Principal, code: string, version: number, reason: string): Promise<VersionRecord> {
    return this.openDraft(principal, code, { basedOn: version, reason, action: 'rollbackOpened' });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Four-eyes policy per item type

  /** The four-eyes policy of every item type (types without a row need four eyes). */
  async policies(types: readonly string[]) {
    const rows = await this.knex('item_type_policy').select('*');
    const byType = new Map(rows.map((row: Record<string, unknown>) => [String(row.item_type), row]));
    return types.map((type) => {
      const row = byType.get(type);
      return {
        itemType: type,
        fourEyes: row ? Boolean(row.four_eyes) : true,
        updatedBy: row ? String(row.updated_by) : null,
        updatedAt: row ? new Date(row.updated_at as string).toISOString() : null,
        reason: row ? String(row.reason) : null,
      };
    });
  }

  /** Sets whether an item type needs four eyes. */
  async setPolicy(principal: Principal, itemType: string, fourEyes: boolean, reason: string): Promise<void> {
    await this.knex('item_type_policy')
      .insert({ item_type: itemType, four_eyes: fourEyes, updated_by: principal.id, updated_at: this.clock(), reason })
      .onConflict('item_type').merge();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Regional implementation lists

  /** The implementations of an item: every revision, newest first per region. */
  async implementations(code: string) {
    await this.assertItem(code);
    const rows = await this.knex('item_implementation').where({ item_code: code }).orderBy([{ column: 'region_code' }, { column: 'revision', order: 'desc' }]);
    return rows.map((row: Record<string, unknown>) => ({
      regionCode: String(row.region_code),
      level: String(row.level),
      revision: Number(row.revision),
      status: String(row.status),
      effectiveFrom: new Date(row.effective_from as string).toISOString(),
      overrides: (typeof row.overrides === 'string' ? JSON.parse(row.overrides) : row.overrides) as ImplementationOverrides,
      createdBy: String(row.created_by),
      createdAt: new Date(row.created_at as string).toISOString(),
      reason: String(row.reason),
      withdrawnBy: (row.withdrawn_by as string | null) ?? null,
      withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at as string).toISOString() : null,
    }));
  }

  /**
   * Sets a region's implementation of an item: a new revision of overrides, checked against the standard version
   * in force (or the latest published one) and its policy, effective from `effectiveFrom` (default now).
   */
  async setImplementation(principal: Principal, code: string, regionCode: string, input: { overrides: ImplementationOverrides; effectiveFrom?: string; reason: string }) {
    this.assertRegionScope(principal, regionCode);
    const region = await findRegion(this.knex, regionCode);
    if (!region) throw new AppError('TB_REGION_NOT_FOUND', { params: { code: regionCode }, path: '/regionCode' });
    const lookups = await this.lookups();
    const result = await this.knex.transaction(async (trx) => {
      await this.lockExisting(trx, code);
      const standard = await latestPublished(trx, code);
      if (!standard) throw new AppError('TB_ITEM_NOT_EFFECTIVE', { params: { code }, path: '/code' });
      const problems = checkOverrides(standard.item, standard.implementationPolicy, regionCode, input.overrides, { departments: lookups.departmentRegions, licenceTypes: lookups.licenceTypes });
      if (problems.length > 0) {
        throw new AppError('TB_ITEM_IMPLEMENTATION_INVALID', {
          path: `/overrides${problems[0]!.pointer}`,
          details: problems.map((entry) => ({ path: `/overrides${entry.pointer}`, code: entry.code, message: entry.message })),
        });
      }
      const now = this.clock();
      const effectiveFrom = this.effectiveTime(input.effectiveFrom);
      const last = await trx('item_implementation').where({ item_code: code, region_code: regionCode }).max({ revision: 'revision' }).first();
      const revision = Number(last?.revision ?? 0) + 1;
      await trx('item_implementation').insert({
        item_code: code, region_code: regionCode, level: region.level, revision, status: 'active', overrides: JSON.stringify(input.overrides),
        effective_from: effectiveFrom, created_by: principal.id, created_at: now, reason: input.reason,
      });
      await insertAudit(trx, [{ itemCode: code, action: 'implementationSet', actor: principal.id, at: now, reason: input.reason, data: { regionCode, revision, fields: Object.keys(input.overrides) } }]);
      const eventId = await this.feed.append(trx, {
        kind: 'implementationChanged', at: now, actor: principal.id, reason: input.reason, itemCodes: [code],
        data: { regionCode, level: region.level, revision, effectiveFrom: effectiveFrom.toISOString(), fields: Object.keys(input.overrides) },
      });
      return { regionCode, level: region.level, revision, effectiveFrom: effectiveFrom.toISOString(), eventId };
    });
    this.feed.wake();
    return result;
  }

  /** Withdraws a region's implementation: the region inherits from the regions above it again. */
  async withdrawImplementation(principal: Principal, code: string, regionCode: string, reason: string) {
    this.assertRegionScope(principal, regionCode);
    const result = await this.knex.transaction(async (trx) => {
      await this.lockExisting(trx, code);
      const now = this.clock();
      const rows = await trx('item_implementation').where({ item_code: code, region_code: regionCode, status: 'active' })
        .update({ status: 'withdrawn', withdrawn_by: principal.id, withdrawn_at: now }).returning('revision');
      if (rows.length === 0) throw new AppError('TB_ITEM_IMPLEMENTATION_NOT_FOUND', { params: { code, region: regionCode } });
      await insertAudit(trx, [{ itemCode: code, action: 'implementationWithdrawn', actor: principal.id, at: now, reason, data: { regionCode } }]);
      const eventId = await this.feed.append(trx, {
        kind: 'implementationChanged', at: now, actor: principal.id, reason, itemCodes: [code], data: { regionCode, withdrawn: true },
      });
      return { regionCode, withdrawnRevisions: rows.length, eventId };
    });
    this.feed.wake();
    return result;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  /** Locks the item row or answers 404. */
  async lockExisting(trx: Knex.Transaction, code: string): Promise<void> {
    if (!(await lockItem(trx, code))) throw new AppError('TB_ITEM_NOT_FOUND', { params: { code }, path: '/code' });
  }

  private async assertItem(code: string): Promise<void> {
    if (!(await this.knex('item').where({ code }).first('code'))) throw new AppError('TB_ITEM_NOT_FOUND', { params: { code }, path: '/code' });
  }

  /** Answers 409 unless the version is in one of `statuses`. */
  assertStatus(version: Pick<VersionRecord, 'version' | 'status'>, statuses: string[]): void {
    if (!statuses.includes(version.status)) {
      throw new AppError('TB_VERSION_STATUS', { params: { version: version.version, status: statusLabel(version.status), expected: expectedLabel(statuses) } });
    }
  }

  /** Regional managers act within their region; administrators anywhere. */
  assertRegionScope(principal: Principal, regionCode: string): void {
    if (principal.roles.includes('admin')) return;
    if (!principal.regionCode || !regionCode.startsWith(principal.regionCode)) {
      throw new AppError('TB_AUTH_OUT_OF_SCOPE', {
        params: { reason: { zh: `只能维护本地区（${principal.regionCode ?? '无'}）及下级地区的实施清单`, en: `implementations can only be kept for your region (${principal.regionCode ?? 'none'}) and below` } },
      });
    }
  }

}

/** Diffs two version records (compiling their procedures, cached by content). */
export async function diffRecords(a: Pick<VersionRecord, 'item' | 'bpmn' | 'forms' | 'implementationPolicy'>, b: Pick<VersionRecord, 'item' | 'bpmn' | 'forms' | 'implementationPolicy'>): Promise<VersionDiff> {
  const [ca, cb] = await Promise.all([compileCached(a.bpmn), compileCached(b.bpmn)]);
  return diffVersions(
    { item: a.item as unknown as Record<string, unknown>, forms: a.forms, ...(ca.ok ? { definition: ca.definition } : {}), implementationPolicy: { ...a.implementationPolicy } },
    { item: b.item as unknown as Record<string, unknown>, forms: b.forms, ...(cb.ok ? { definition: cb.definition } : {}), implementationPolicy: { ...b.implementationPolicy } },
  );
}
