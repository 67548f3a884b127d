import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { evaluateChecklist, validateSubmission, type FormSchema } from '@tongban/forms';
import type { ApplicationSubmission, Item } from '@tongban/schemas';
import { AppError } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import { findEffectiveVersion } from '../catalogue/store';
import { chinaDate, holderLicences } from '../licences/store';
import type { ApplicationService, SubmissionListener, SubmissionReceipt } from '../applications/service';

/** Where an offer comes from. */
export type OfferKind = 'follow-on' | 'proactive';
export type OfferSourceKind = 'application' | 'licence' | 'archive-case';

/** A material of the offered application prefilled with a licence (`licenceId` null: the holder's newest valid one). */
export interface OfferMaterial {
  materialId: string;
  licenceId: string | null;
}

/** What a producer (follow-on job, proactive rule) offers. */
export interface OfferInput {
  kind: OfferKind;
  /** The declaration that made it: `follow-on:<source item>:<item>` or `proactive:<item>:<rule id>`. */
  ruleKey: string;
  itemCode: string;
  holder: { kind: string; name: string; idNumber: string };
  /** The applicant of the submission the offer prepares (with the legal representative of an organisation). */
  applicant: Record<string, unknown>;
  regionCode: string;
  source: { kind: OfferSourceKind; key: string; applicationId?: string | null };
  title: string;
  message: { zh: string; en: string };
  formData: Record<string, unknown>;
  materials: OfferMaterial[];
  expiresInDays: number;
  now: Date;
}

/** An offer row. */
export interface OfferRow {
  id: string;
  kind: OfferKind;
  rule_key: string;
  item_code: string;
  holder_kind: string;
  holder_id_number: string;
  holder_name: string;
  applicant: Record<string, unknown>;
  region_code: string;
  source_kind: OfferSourceKind;
  source_key: string;
  source_application_id: string | null;
  title: string;
  message: { zh: string; en: string };
  form_data: Record<string, unknown>;
  materials: OfferMaterial[];
  status: 'pending' | 'accepted' | 'declined' | 'expired';
  expires_at: Date;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  decline_reason: string | null;
  application_id: string | null;
}

/** What the applicant adds when confirming an offer. */
export interface OfferAcceptance {
  formData?: Record<string, unknown>;
  materials?: NonNullable<ApplicationSubmission['materials']>;
  regionCode?: string;
  channel?: ApplicationSubmission['channel'];
  applicant?: { phone?: string; address?: string };
}

const STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  accepted: { zh: '接受', en: 'accepted' },
  declined: { zh: '谢绝', en: 'declined' },
  expired: { zh: '过期', en: 'expired' },
};
const notPending = (status: string) => new AppError('TB_OFFER_NOT_PENDING', { params: { status: STATUS_LABELS[status] ?? { zh: status, en: status } } });

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

const asRow = (row: Record<string, unknown>): OfferRow => ({
  ...(row as unknown as OfferRow),
  applicant: parse(row.applicant),
  message: parse(row.message),
  form_data: parse(row.form_data),
  materials: parse(row.materials),
});

/** The status an offer has as of `now`: a pending one past its time is expired even before the sweep marks it. */
export const statusAt = (row: Pick<OfferRow, 'status' | 'expires_at'>, now: Date) =>
  (row.status === 'pending' && new Date(row.expires_at).getTime() <= now.getTime() ? 'expired' : row.status);

/** Whether the principal is the offer's holder (the person, or someone acting for the organisation). */
export const isHolder = (principal: Principal, row: Pick<OfferRow, 'holder_id_number'>) =>
  principal.idNumber === row.holder_id_number || principal.creditCode === row.holder_id_number;

/**
 * Offers (follow-on and proactive services) in the applicant's inbox. An offer is never duplicated — one per
 * declaration, holder and source event, and at most one open offer of an item per holder — and expires. Accepting
 * one submits the prefilled application through ordinary intake, and marks the offer accepted in the intake's own
 * transaction, so an offer starts at most one application.
 */
export class OfferService {
  /** Submissions being made from an offer, for the intake listener (same object, same request). */
  private readonly accepting = new WeakMap<object, string>();

  constructor(private readonly knex: Knex, private readonly applications: ApplicationService) {}

  /**
   * Creates an offer and its inbox notice in the caller's transaction, or finds the one that already covers it.
   * A stale pending offer of the same item for the holder is expired first.
   */
  async create(trx: Knex.Transaction, input: OfferInput): Promise<{ offer: OfferRow; created: boolean }> {
    await trx('offer').where({ holder_id_number: input.holder.idNumber, item_code: input.itemCode, status: 'pending' })
      .where('expires_at', '<=', input.now).update({ status: 'expired' });
    const id = randomUUID();
    const inserted = await trx('offer').insert({
      id,
      kind: input.kind,
      rule_key: input.ruleKey.slice(0, 200),
      item_code: input.itemCode,
      holder_kind: input.holder.kind,
      holder_id_number: input.holder.idNumber,
      holder_name: input.holder.name,
      applicant: JSON.stringify(input.applicant),
      region_code: input.regionCode,
      source_kind: input.source.kind,
      source_key: input.source.key.slice(0, 200),
      source_application_id: input.source.applicationId ?? null,
      title: input.title.slice(0, 200),
      message: JSON.stringify(input.message),
      form_data: JSON.stringify(input.formData),
      materials: JSON.stringify(input.materials),
      status: 'pending',
      expires_at: new Date(input.now.getTime() + input.expiresInDays * 86_400_000),
      created_at: input.now,
    }).onConflict().ignore().returning('*');
    if (inserted.length === 0) {
      const existing = await trx('offer')
        .where((w) => w.where({ rule_key: input.ruleKey.slice(0, 200), holder_id_number: input.holder.idNumber, source_key: input.source.key.slice(0, 200) })
          .orWhere({ holder_id_number: input.holder.idNumber, item_code: input.itemCode, status: 'pending' }))
        .orderByRaw(`CASE WHEN status = 'pending' THEN 0 ELSE 1 END`).first();
      return { offer: asRow(existing as Record<string, unknown>), created: false };
    }
    await trx('notification').insert({
      application_id: input.source.applicationId ?? null,
      recipient_id_number: input.holder.idNumber,
      kind: input.kind === 'follow-on' ? 'follow-on-offer' : 'proactive-offer',
      title: input.title.slice(0, 200),
      body: input.message.zh,
      data: JSON.stringify({ offerId: id, itemCode: input.itemCode, kind: input.kind }),
      created_at: input.now,
    });
    return { offer: asRow(inserted[0] as Record<string, unknown>), created: true };
  }

  /** An offer by id, or 404. */
  async find(db: Knex, id: string, lock = false): Promise<OfferRow> {
    const query = db('offer').where({ id }).first();
    if (lock) query.forUpdate();
    const row = await query;
    if (!row) throw new AppError('TB_OFFER_NOT_FOUND', { params: { id } });
    return asRow(row as Record<string, unknown>);
  }

  /** Offers the principal holds (or, for administrators, anyone's by `holder`), newest first; stale ones are expired. */
  async list(principal: Principal, query: { status?: string; holder?: string; limit?: number; offset?: number }) {
    const now = this.applications.clock();
    const holders = principal.roles.includes('admin') && query.holder ? [query.holder] : [principal.idNumber, principal.creditCode].filter((value): value is string => Boolean(value));
    if (holders.length === 0) return { total: 0, items: [] };
    return this.knex.transaction(async (trx) => {
      await trx('offer').whereIn('holder_id_number', holders).where({ status: 'pending' }).where('expires_at', '<=', now).update({ status: 'expired' });
      const base = trx('offer').whereIn('holder_id_number', holders);
      if (query.status) base.where('status', query.status);
      const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string | number }];
      const rows = await base.clone().orderBy('created_at', 'desc').limit(query.limit ?? 20).offset(query.offset ?? 0);
      const items = [];
      for (const row of rows as Array<Record<string, unknown>>) items.push(await this.view(trx, asRow(row), now));
      return { total: Number(total), items };
    });
  }

  /** One offer, for its holder, staff or an administrator. */
  async get(principal: Principal, id: string) {
    const now = this.applications.clock();
    return this.knex.transaction(async (trx) => {
      const row = await this.find(trx, id);
      this.assertMayRead(principal, row);
      return this.view(trx, row, now);
    });
  }

  private assertMayRead(principal: Principal, row: OfferRow): void {
    if (isHolder(principal, row) || principal.roles.includes('admin') || principal.roles.includes('supervisor')) return;
    throw new AppError('TB_OFFER_NOT_HOLDER');
  }

  /**
   * The offer as the inbox shows it, with what is still to complete: form fields the target's application form
   * requires and required materials the prefill does not cover.
   */
  async view(db: Knex, row: OfferRow, now: Date) {
    const [item, application, source] = await Promise.all([
      db('item').where({ code: row.item_code }).first('name'),
      row.application_id ? db('application').where({ id: row.application_id }).first('number', 'status') : undefined,
      row.source_application_id ? db('application').where({ id: row.source_application_id }).first('number', 'item_code') : undefined,
    ]);
    const pending = statusAt(row, now) === 'pending';
    const version = pending ? await findEffectiveVersion(db, row.item_code, now, row.region_code) : undefined;
    const materials = version ? await this.resolveLicences(db, row, version.document, now) : row.materials;
    const toComplete = version ? this.toComplete(version, row, materials, now) : { fields: [], materials: [] };
    return {
      id: row.id,
      kind: row.kind,
      itemCode: row.item_code,
      itemName: (item?.name as string | undefined) ?? row.item_code,
      title: row.title,
      message: row.message,
      status: statusAt(row, now),
      holder: { kind: row.holder_kind, name: row.holder_name, idNumber: row.holder_id_number },
      regionCode: row.region_code,
      source: {
        kind: row.source_kind, key: row.source_key, applicationId: row.source_application_id,
        applicationNumber: (source?.number as string | undefined) ?? null, itemCode: (source?.item_code as string | undefined) ?? null,
      },
      formData: row.form_data,
      materials,
      toComplete,
      expiresAt: iso(row.expires_at) as string,
      createdAt: iso(row.created_at) as string,
      decidedAt: iso(row.decided_at),
      declineReason: row.decline_reason,
      applicationId: row.application_id,
      applicationNumber: (application?.number as string | undefined) ?? null,
    };
  }

  /**
   * The prefilled licence materials with a licence chosen where the declaration left it open (null): the holder's —
   * or, for a person's licence and an organisation, its legal representative's — newest licence of the material's
   * type valid today. One that cannot be chosen stays open (null), and the material is still to complete.
   */
  private async resolveLicences(db: Knex, row: OfferRow, item: Item, now: Date): Promise<OfferMaterial[]> {
    const today = chinaDate(now);
    const representative = (row.applicant.legalRepresentative as { idNumber?: string } | undefined)?.idNumber;
    const resolved: OfferMaterial[] = [];
    for (const material of row.materials) {
      const typeCode = item.materials.find((entry) => entry.id === material.materialId)?.licenceTypeCode;
      if (material.licenceId || !typeCode) {
        resolved.push(material);
        continue;
      }
      const type = await db('licence_type').where({ code: typeCode }).first('holder_kind');
      const holders = [row.holder_id_number, ...(type?.holder_kind === 'person' && row.holder_kind === 'organisation' && representative ? [representative] : [])];
      let licenceId: string | null = null;
      for (const holder of holders) {
        licenceId ??= (await holderLicences(db, holder, { typeCode, validAsOf: today, limit: 1 }))[0]?.identifier ?? null;
      }
      resolved.push({ materialId: material.materialId, licenceId });
    }
    return resolved;
  }

  private toComplete(version: NonNullable<Awaited<ReturnType<typeof findEffectiveVersion>>>, row: OfferRow, materials: OfferMaterial[], now: Date) {
    const item = version.document;
    const applicationForm = item.forms.find((form) => form.purpose === 'application');
    const schema = applicationForm ? (version.forms[applicationForm.id] as FormSchema | undefined) : undefined;
    const context = { applicant: row.applicant };
    const checked = schema ? validateSubmission(schema, row.form_data, { now, context }) : { ok: true, data: row.form_data, errors: [] };
    const submitted = materials.filter((material) => material.licenceId).map((material) => ({ materialId: material.materialId, licenceId: material.licenceId!, consent: true }));
    const checklist = evaluateChecklist(item.materials, checked.ok ? checked.data : row.form_data, submitted, { now, context });
    const names = new Map(item.materials.map((material) => [material.id, material.name]));
    return {
      fields: checked.errors.slice(0, 100).map((error) => ({ path: error.path, code: error.code, message: error.message })),
      materials: checklist.errors.filter((error) => error.code === 'TB_MATERIAL_REQUIRED' && error.materialId)
        .map((error) => ({ materialId: error.materialId!, name: names.get(error.materialId!) ?? error.materialId! })),
    };
  }

  /**
   * The holder confirms an offer: the prefilled application, with what they add, goes through ordinary intake
   * (validation, licence reuse — accepting is the consent to use the prefilled licences — and the process start).
   * Accepting an offer already accepted by the same holder answers its application again.
   */
  async accept(principal: Principal, id: string, acceptance: OfferAcceptance): Promise<{ offer: Awaited<ReturnType<OfferService['view']>>; application: SubmissionReceipt }> {
    const now = this.applications.clock();
    const row = await this.find(this.knex, id);
    if (!isHolder(principal, row)) throw new AppError('TB_OFFER_NOT_HOLDER');
    const status = statusAt(row, now);
    if (status === 'accepted' && row.application_id) {
      return { offer: await this.view(this.knex, row, now), application: await this.receiptOf(row.application_id) };
    }
    if (status === 'expired') throw new AppError('TB_OFFER_EXPIRED', { params: { expiresAt: iso(row.expires_at) } });
    if (status !== 'pending') throw notPending(status);
    const given = new Map((acceptance.materials ?? []).map((material) => [material.materialId, material]));
    const version = await findEffectiveVersion(this.knex, row.item_code, now, acceptance.regionCode ?? row.region_code);
    const resolved = version ? await this.resolveLicences(this.knex, row, version.document, now) : row.materials;
    const prefilled = resolved.filter((material) => material.licenceId && !given.has(material.materialId))
      .map((material) => ({ materialId: material.materialId, licenceId: material.licenceId!, consent: true }));
    const submission = {
      itemCode: row.item_code,
      regionCode: acceptance.regionCode ?? row.region_code,
      channel: acceptance.channel ?? 'online',
      applicant: { ...row.applicant, ...(acceptance.applicant ?? {}) },
      formData: { ...row.form_data, ...(acceptance.formData ?? {}) },
      materials: [...prefilled, ...given.values()],
    } as ApplicationSubmission;
    this.accepting.set(submission, row.id);
    const { receipt } = await this.applications.submit(principal, submission);
    const accepted = await this.find(this.knex, id);
    return { offer: await this.view(this.knex, accepted, now), application: receipt };
  }

  /** The intake receipt of an application started from an offer, answered again when the offer is accepted twice. */
  private async receiptOf(applicationId: string): Promise<SubmissionReceipt> {
    const application = await this.knex('application as a').join('item_version as v', 'v.id', 'a.item_version_id').where('a.id', applicationId)
      .first('a.id', 'a.number', 'a.item_code', 'v.version', 'a.region_code', 'a.service_point_region_code', 'a.department_code', 'a.status', 'a.stage', 'a.submitted_at', 'a.due_at');
    return {
      id: String(application.id), number: String(application.number), itemCode: String(application.item_code), itemVersion: Number(application.version),
      regionCode: String(application.region_code), ...(application.service_point_region_code ? { servicePointRegionCode: String(application.service_point_region_code) } : {}),
      departmentCode: String(application.department_code), status: String(application.status), stage: String(application.stage),
      submittedAt: new Date(application.submitted_at).toISOString(), ...(application.due_at ? { dueAt: new Date(application.due_at).toISOString() } : {}),
    };
  }

  /** Intake listener: an application submitted from an offer marks it accepted in the intake transaction. */
  readonly submissionListener: SubmissionListener = async ({ trx, submission, application, principal, now }) => {
    const id = this.accepting.get(submission);
    if (!id) return;
    const row = await this.find(trx, id, true);
    const status = statusAt(row, now);
    if (status === 'expired') throw new AppError('TB_OFFER_EXPIRED', { params: { expiresAt: iso(row.expires_at) } });
    if (status !== 'pending') throw notPending(status);
    await trx('offer').where({ id }).update({ status: 'accepted', decided_at: now, decided_by: principal.id, application_id: application.id });
  };

  /** The holder declines an offer (with an optional reason); it is not offered again for the same event. */
  async decline(principal: Principal, id: string, reason?: string) {
    const now = this.applications.clock();
    return this.knex.transaction(async (trx) => {
      const row = await this.find(trx, id, true);
      if (!isHolder(principal, row)) throw new AppError('TB_OFFER_NOT_HOLDER');
      const status = statusAt(row, now);
      if (status === 'expired') throw new AppError('TB_OFFER_EXPIRED', { params: { expiresAt: iso(row.expires_at) } });
      if (status !== 'pending') throw notPending(status);
      await trx('offer').where({ id }).update({ status: 'declined', decided_at: now, decided_by: principal.id, decline_reason: reason ?? null });
      return this.view(trx, { ...row, status: 'declined', decided_at: now, decided_by: principal.id, decline_reason: reason ?? null }, now);
    });
  }

  /** Marks every pending offer past its time expired; answers how many (for a periodic sweep). */
  async expireDue(now: Date = this.applications.clock()): Promise<number> {
    return this.knex('offer').where({ status: 'pending' }).where('expires_at', '<=', now).update({ status: 'expired' });
  }
}
