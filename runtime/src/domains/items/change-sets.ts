import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { AppError, type ErrorDetail } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import { applyPatch, PatchError, type PatchOperation } from './json-patch';
import type { ValidationReport } from './report';
import { reportDetails, statusLabel, type ItemService } from './service';
import { contentColumns, findOpenVersion, insertAudit, latestPublished, nextVersionNumber, toRecord, type VersionRecord, type VersionStatus } from './store';
import type { VersionBundle } from './validation';

/** Statuses of a change set. */
export type ChangeSetStatus = 'open' | 'submitted' | 'approved' | 'published' | 'discarded';

/** A change set as the API shows it. */
export interface ChangeSet {
  id: string;
  title: string;
  reason: string;
  status: ChangeSetStatus;
  effectiveFrom: string | null;
  createdBy: string;
  createdAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  items: Array<{ code: string; name: string; version: number; status: string; contentHash: string }>;
}

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

/**
 * Batch changes (issue #5 point 7): one policy touching many items. Items join a change set as drafts (optionally
 * with a JSON Patch applied to each), are validated as a whole, reviewed together (four eyes on the set), and
 * published in one transaction with one effective time — all of them, or none.
 */
export class ChangeSetService {
  constructor(private readonly items: ItemService) {}

  private get knex(): Knex {
    return this.items.knex;
  }

  /** Opens a change set. */
  async create(principal: Principal, input: { title: string; reason: string }): Promise<ChangeSet> {
    const id = randomUUID();
    const now = this.items.clock();
    await this.knex('change_set').insert({ id, title: input.title, reason: input.reason, status: 'open', created_by: principal.id, created_at: now, updated_at: now });
    return this.get(id);
  }

  /** Change sets, newest first. */
  async list(options: { status?: ChangeSetStatus; limit: number; offset: number }) {
    const query = this.knex('change_set').orderBy('created_at', 'desc').limit(options.limit).offset(options.offset);
    if (options.status) query.where({ status: options.status });
    const rows = await query;
    return Promise.all(rows.map((row: Record<string, unknown>) => this.get(String(row.id))));
  }

  /** A change set with its items. */
  async get(id: string, trx: Knex | Knex.Transaction = this.knex): Promise<ChangeSet> {
    const row = await trx('change_set').where({ id }).first();
    if (!row) throw new AppError('TB_CHANGE_SET_NOT_FOUND', { params: { id }, path: '/id' });
    const members = await trx('item_version as v').join('item as i', 'i.code', 'v.item_code').where('v.change_set_id', id)
      .orderBy('v.item_code').select('v.item_code', 'i.name', 'v.version', 'v.status', 'v.content_hash');
    return {
      id,
      title: String(row.title),
      reason: String(row.reason),
      status: row.status as ChangeSetStatus,
      effectiveFrom: iso(row.effective_from),
      createdBy: String(row.created_by),
      createdAt: iso(row.created_at)!,
      submittedBy: row.submitted_by ?? null,
      submittedAt: iso(row.submitted_at),
      approvedBy: row.approved_by ?? null,
      approvedAt: iso(row.approved_at),
      publishedBy: row.published_by ?? null,
      publishedAt: iso(row.published_at),
      items: members.map((member: Record<string, unknown>) => ({
        code: String(member.item_code), name: String(member.name), version: Number(member.version), status: String(member.status), contentHash: String(member.content_hash),
      })),
    };
  }

  /**
   * Adds items to an open change set, in one transaction: each item's draft joins the set (one is opened from the
   * latest published version when there is none), and `patch` (JSON Patch over `{ item, forms, bpmn,
   * implementationPolicy }`) is applied to it. A patch that does not apply to one item refuses the whole request.
   */
  async addItems(principal: Principal, id: string, input: { items: Array<{ code: string; patch?: PatchOperation[] }>; reason?: string }): Promise<ChangeSet> {
    await this.knex.transaction(async (trx) => {
      const set = await this.lockSet(trx, id, ['open']);
      const now = this.items.clock();
      for (const { code, patch } of [...input.items].sort((a, b) => a.code.localeCompare(b.code))) {
        await this.items.lockExisting(trx, code);
        let open = await findOpenVersion(trx, code);
        if (open && open.changeSetId && open.changeSetId !== set.id) throw new AppError('TB_VERSION_IN_CHANGE_SET', { params: { changeSetId: open.changeSetId }, path: `/items/${code}` });
        if (open) this.items.assertStatus(open, ['draft']);
        if (!open) {
          const source = await latestPublished(trx, code);
          if (!source) throw new AppError('TB_ITEM_NOT_EFFECTIVE', { params: { code }, path: `/items/${code}` });
          const [row] = await trx('item_version').insert({
            item_code: code, version: await nextVersionNumber(trx, code), status: 'draft', ...contentColumns(source), based_on_version: source.version,
            created_by: principal.id, created_at: now, updated_by: principal.id, updated_at: now, reason: set.reason,
          }).returning('*');
          open = toRecord(row);
        }
        const patch_: Record<string, unknown> = { change_set_id: set.id };
        if (patch && patch.length > 0) {
          let content: VersionBundle;
          try {
            content = applyPatch({ item: open.item, forms: open.forms, bpmn: open.bpmn, implementationPolicy: open.implementationPolicy }, patch);
          } catch (error) {
            if (!(error instanceof PatchError)) throw error;
            throw new AppError('TB_CHANGE_SET_PATCH_FAILED', { params: { code, reason: error.reason }, path: `/items/${code}/patch/${error.index}` });
          }
          Object.assign(patch_, contentColumns(content), { rev: open.rev + 1, updated_by: principal.id, updated_at: now });
        }
        await trx('item_version').where({ id: open.id }).update(patch_);
        await insertAudit(trx, [{
          itemCode: code, version: open.version, action: 'changeSetJoined', actor: principal.id, at: now, reason: input.reason ?? set.reason,
          data: { changeSetId: set.id, patch: patch ?? [] },
        }]);
      }
      await trx('change_set').where({ id }).update({ updated_at: now });
    });
    return this.get(id);
  }

  /** Takes an item out of an open change set; its draft stays, on its own. */
  async removeItem(principal: Principal, id: string, code: string): Promise<ChangeSet> {
    await this.knex.transaction(async (trx) => {
      const set = await this.lockSet(trx, id, ['open']);
      await this.items.lockExisting(trx, code);
      const updated = await trx('item_version').where({ item_code: code, change_set_id: set.id }).update({ change_set_id: null }).returning('version');
      if (updated.length === 0) throw new AppError('TB_VERSION_NO_DRAFT', { params: { code }, path: `/items/${code}` });
      await insertAudit(trx, [{ itemCode: code, version: Number(updated[0].version), action: 'changeSetLeft', actor: principal.id, at: this.items.clock(), reason: set.reason, data: { changeSetId: set.id } }]);
    });
    return this.get(id);
  }

  /** Validates every item of the set; nothing is written. */
  async validate(id: string): Promise<{ ok: boolean; items: Array<{ code: string; version: number; report: ValidationReport }> }> {
    await this.get(id);
    const versions = await this.members(this.knex, id);
    return this.validateMembers(versions);
  }

  /** Submits the whole set for review; refused with every item's problems when one does not validate. */
  async submit(principal: Principal, id: string, reason: string): Promise<ChangeSet> {
    return this.move(principal, id, { from: ['open'], to: 'submitted', versionFrom: ['draft'], versionTo: 'submitted', action: 'submitted', reason, validate: true });
  }

  /** Approves the set (four eyes: not its submitter, for item types that need it). */
  async approve(principal: Principal, id: string, reason: string): Promise<ChangeSet> {
    return this.move(principal, id, { from: ['submitted'], to: 'approved', versionFrom: ['submitted'], versionTo: 'approved', action: 'approved', reason, fourEyes: true });
  }

  /** Sends the set back for editing. */
  async returnToOpen(principal: Principal, id: string, reason: string): Promise<ChangeSet> {
    return this.move(principal, id, { from: ['submitted', 'approved'], to: 'open', versionFrom: ['submitted', 'approved'], versionTo: 'draft', action: 'returned', reason });
  }

  /**
   * Publishes every item of an approved set with one effective time, atomically: validated again as a whole, and any
   * refusal (a problem, a conflicting scheduled version) leaves every item as it was.
   */
  async publish(principal: Principal, id: string, input: { effectiveFrom?: string; reason: string }): Promise<{ changeSet: ChangeSet; eventId: number }> {
    const effectiveFrom = this.items.effectiveTime(input.effectiveFrom);
    const eventId = await this.knex.transaction(async (trx) => {
      const set = await this.lockSet(trx, id, ['approved']);
      const versions = await this.members(trx, id);
      if (versions.length === 0) throw new AppError('TB_CHANGE_SET_EMPTY');
      for (const version of versions) await this.items.lockExisting(trx, version.itemCode);
      const checked = await this.validateMembers(versions, trx);
      if (!checked.ok) throw this.invalid(checked.items);
      const published = await this.items.publishLocked(trx, principal, versions, effectiveFrom, input.reason, { skipValidation: true });
      const now = this.items.clock();
      await trx('change_set').where({ id }).update({ status: 'published', effective_from: effectiveFrom, published_by: principal.id, published_at: now, updated_at: now });
      return this.items.feed.append(trx, {
        kind: 'published', at: now, actor: principal.id, reason: input.reason, itemCodes: versions.map((version) => version.itemCode), changeSetId: id,
        data: { changeSet: { id, title: set.title }, versions: published.map((entry) => entry.entry) },
      });
    });
    this.items.feed.wake();
    return { changeSet: await this.get(id), eventId };
  }

  /** Discards an open set; its drafts stay, each on its own. */
  async discard(principal: Principal, id: string, reason: string): Promise<ChangeSet> {
    await this.knex.transaction(async (trx) => {
      await this.lockSet(trx, id, ['open']);
      const now = this.items.clock();
      const detached = await trx('item_version').where({ change_set_id: id }).update({ change_set_id: null }).returning(['item_code', 'version']);
      await insertAudit(trx, detached.map((row: { item_code: string; version: number }) => ({
        itemCode: row.item_code, version: Number(row.version), action: 'changeSetDiscarded', actor: principal.id, at: now, reason, data: { changeSetId: id },
      })));
      await trx('change_set').where({ id }).update({ status: 'discarded', updated_at: now });
    });
    return this.get(id);
  }

  private async move(principal: Principal, id: string, step: {
    from: ChangeSetStatus[]; to: ChangeSetStatus; versionFrom: VersionStatus[]; versionTo: VersionStatus; action: string; reason: string; validate?: boolean; fourEyes?: boolean;
  }): Promise<ChangeSet> {
    await this.knex.transaction(async (trx) => {
      const set = await this.lockSet(trx, id, step.from);
      const versions = await this.members(trx, id);
      if (versions.length === 0) throw new AppError('TB_CHANGE_SET_EMPTY');
      for (const version of versions) await this.items.lockExisting(trx, version.itemCode);
      if (step.validate) {
        const checked = await this.validateMembers(versions, trx);
        if (!checked.ok) throw this.invalid(checked.items);
      }
      if (step.fourEyes) {
        for (const type of new Set(versions.map((version) => version.item.type))) await this.items.assertFourEyes(trx, type, set.submittedBy, principal);
      }
      for (const version of versions) await this.items.transitionLocked(trx, principal, version, { from: step.versionFrom, to: step.versionTo, action: step.action, reason: step.reason });
      const now = this.items.clock();
      const patch: Record<string, unknown> = { status: step.to, updated_at: now };
      if (step.to === 'submitted') Object.assign(patch, { submitted_by: principal.id, submitted_at: now });
      if (step.to === 'approved') Object.assign(patch, { approved_by: principal.id, approved_at: now });
      if (step.to === 'open') Object.assign(patch, { submitted_by: null, submitted_at: null, approved_by: null, approved_at: null });
      await trx('change_set').where({ id }).update(patch);
    });
    return this.get(id);
  }

  private async lockSet(trx: Knex.Transaction, id: string, statuses: ChangeSetStatus[]) {
    const row = await trx('change_set').where({ id }).forUpdate().first();
    if (!row) throw new AppError('TB_CHANGE_SET_NOT_FOUND', { params: { id }, path: '/id' });
    if (!statuses.includes(row.status)) {
      throw new AppError('TB_CHANGE_SET_STATUS', {
        params: { status: statusLabel(row.status), expected: { zh: statuses.map((s) => statusLabel(s).zh).join('或'), en: statuses.join(' or ') } },
      });
    }
    return { id: String(row.id), title: String(row.title), reason: String(row.reason), submittedBy: (row.submitted_by as string | null) ?? null };
  }

  private async members(trx: Knex | Knex.Transaction, id: string): Promise<VersionRecord[]> {
    const rows = await trx('item_version').where({ change_set_id: id }).whereIn('status', ['draft', 'submitted', 'approved']).orderBy('item_code');
    return rows.map((row: Record<string, unknown>) => toRecord(row));
  }

  private async validateMembers(versions: VersionRecord[], db: Knex | Knex.Transaction = this.knex) {
    const lookups = await this.items.lookups(db);
    const items = [];
    for (const version of versions) {
      const { report } = await this.items.validate(version, version.itemCode, lookups);
      items.push({ code: version.itemCode, version: version.version, report });
    }
    return { ok: items.every((entry) => entry.report.ok), items };
  }

  private invalid(items: Array<{ code: string; report: ValidationReport }>): AppError {
    const details: ErrorDetail[] = items.flatMap((entry) => reportDetails(entry.report, `/items/${entry.code}`));
    return new AppError('TB_CHANGE_SET_INVALID', { details, path: details[0]?.path ?? '' });
  }
}
