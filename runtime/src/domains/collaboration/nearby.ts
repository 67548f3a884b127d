import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { validateSubmission, type FormSchema } from '@tongban/forms';
import type { ApplicationSubmission, Item } from '@tongban/schemas';
import { AppError } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import { isStaff } from '../applications/access';
import type { ApplicationService, StepEvent } from '../applications/service';
import type { ApplicationRow } from '../applications/store';
import { findEffectiveVersion } from '../catalogue/store';
import { chinaDate } from '../licences/store';
import { resultOf, runChecks, type Finding, type ReviewMaterial, type ReviewSubject } from './review-checks';
import type { ReviewService } from './review';
import type { CollaborationSettings } from './settings';

/** Ways originals travel from a service point to the competent department. */
export const HANDOVER_METHODS = ['in-person', 'courier', 'post', 'shuttle'] as const;

/** How the service point clerk found one material when checking the originals at the counter. */
export interface PreCheckMaterial {
  materialId: string;
  result: 'ok' | 'missing' | 'problem';
  original?: boolean;
  copies?: number;
  note?: string;
}

/** A pre-check as posted: of an application already submitted, or of a submission about to be made (帮代办). */
export interface PreCheckInput {
  applicationId?: string;
  submission?: ApplicationSubmission;
  materials: PreCheckMaterial[];
  conclusion: 'complete' | 'incomplete';
  note?: string;
}

/** A handover of originals as posted. */
export interface HandoverInput {
  originals: Array<{ materialId: string; copies: number; kind?: 'original' | 'copy'; note?: string }>;
  method: (typeof HANDOVER_METHODS)[number];
  trackingNumber?: string;
  note?: string;
}

const LEVEL_BY_LENGTH: Record<number, string> = { 2: 'province', 4: 'city', 6: 'county', 9: 'township', 12: 'village' };
const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * Whether the principal works at the service point that received an application for a higher level: staff whose
 * region contains the service point and lies below the competent region (a village or township clerk for a county
 * item, a district clerk for a city item).
 */
export function isServicePointStaff(principal: Principal, servicePointRegionCode: string | null, competentRegionCode: string): boolean {
  const region = principal.regionCode;
  return isStaff(principal) && Boolean(region) && Boolean(servicePointRegionCode)
    && servicePointRegionCode!.startsWith(region!) && region!.length > competentRegionCode.length;
}

/** The competent region for an item received in a region: the nearest region at or above it at a level the item is handled at. */
export async function competentRegionOf(db: Knex, item: Pick<Item, 'code' | 'levels'>, regionCode: string): Promise<{ code: string; name: string; level: string }> {
  const codes = [12, 9, 6, 4, 2].filter((length) => regionCode.length >= length).map((length) => regionCode.slice(0, length));
  const rows = new Map((await db('region').whereIn('code', codes).select('code', 'name', 'level') as Array<{ code: string; name: string; level: string }>).map((row) => [row.code, row]));
  if (!rows.has(regionCode)) throw new AppError('TB_REGION_NOT_FOUND', { params: { code: regionCode }, path: '/submission/regionCode' });
  for (const code of codes) {
    const row = rows.get(code);
    if (row && (item.levels as readonly string[]).includes(LEVEL_BY_LENGTH[code.length]!)) return row;
  }
  throw new AppError('TB_APPLICATION_REGION_NOT_SERVED', { params: { code: item.code, region: regionCode }, path: '/submission/regionCode' });
}

/**
 * Nearby handling (就近办): a township or village service point receives an application for an item handled higher
 * up (intake records `service_point_region_code`; the competent department's worklist gets the tasks). The service
 * point pre-checks the materials (预审) — before submitting on the applicant's behalf (帮代办) or after — and hands
 * the originals over; the competent department confirms receipt. Each step is in the application's timeline.
 */
export class NearbyService {
  constructor(
    private readonly knex: Knex,
    private readonly applications: ApplicationService,
    private readonly reviews: ReviewService,
    private readonly settings: CollaborationSettings,
  ) {}

  /** Automatic findings of a submission not made yet: form validation and the review assistant's rule checks. */
  private async draftFindings(db: Knex, submission: ApplicationSubmission, now: Date): Promise<{ item: Item; findings: Finding[] }> {
    const version = await findEffectiveVersion(db, submission.itemCode, now, submission.regionCode);
    if (!version) throw new AppError('TB_ITEM_NOT_EFFECTIVE', { params: { code: submission.itemCode }, path: '/submission/itemCode' });
    const item = version.document;
    const applicationForm = item.forms.find((form) => form.purpose === 'application');
    const schema = applicationForm ? (version.forms[applicationForm.id] as FormSchema | undefined) : undefined;
    const checked = schema ? validateSubmission(schema, submission.formData, { now, context: { applicant: submission.applicant } }) : { ok: true, data: submission.formData, errors: [] };
    const findings: Finding[] = checked.errors.map((error) => ({
      ruleId: `form.${error.code.replace(/^TB_FORM_/, '').toLowerCase().replace(/_/g, '-')}`, severity: 'error' as const, message: error.message,
      evidence: { code: error.code }, source: 'rules' as const, field: error.path,
    }));
    const materials: ReviewMaterial[] = (submission.materials ?? []).flatMap((material): ReviewMaterial[] => {
      if (material.licenceId) return [{ materialId: material.materialId, kind: 'licence', licenceId: material.licenceId, round: 0 }];
      return (material.files ?? []).map((file) => ({
        materialId: material.materialId, kind: 'file' as const, fileId: file.fileId, fileName: file.name ?? null, mediaType: file.mediaType ?? null, size: file.size ?? null, round: 0,
      }));
    });
    const applicant = submission.applicant as { kind: string; name: string; idNumber?: string; creditCode?: string; legalRepresentative?: { name: string; idNumber: string } };
    const today = chinaDate(now);
    const subject: ReviewSubject = {
      item,
      formData: checked.ok ? checked.data : submission.formData,
      applicant: {
        kind: applicant.kind, name: applicant.name, idNumber: (applicant.kind === 'organisation' ? applicant.creditCode : applicant.idNumber) ?? '',
        ...(applicant.legalRepresentative ? { legalRepresentative: applicant.legalRepresentative } : {}),
      },
      materials,
      files: await this.reviews.storedFiles(db, materials),
      licences: await this.reviews.reusedLicences(db, materials, today),
      now,
      today,
      licenceExpiryWarningDays: this.settings.licenceExpiryWarningDays,
    };
    return { item, findings: [...findings, ...runChecks(subject)] };
  }

  /**
   * Records a pre-check (预审) by a service point clerk. Of a submission about to be made: the draft is checked
   * like intake would (form, checklist, identifiers, licences) and the record waits to be linked — submitting the
   * application (帮代办) the same day links it and adds it to the timeline. Of an application already received at
   * the clerk's point: the automatic checks run on it and the timeline gets the record at once.
   */
  async preCheck(principal: Principal, input: PreCheckInput) {
    if (Boolean(input.applicationId) === Boolean(input.submission)) throw new AppError('TB_NEARBY_PRE_CHECK_SUBJECT', { path: '/applicationId' });
    if (!isStaff(principal) || !principal.regionCode) throw new AppError('TB_NEARBY_NOT_SERVICE_POINT', { params: { region: principal.regionCode ?? '-' } });
    const now = this.applications.clock();
    return this.knex.transaction(async (trx) => {
      let application: ApplicationRow | undefined;
      let item: Item;
      let findings: Finding[];
      let servicePoint: string;
      let competent: string;
      if (input.applicationId) {
        application = await this.applications.lock(trx, input.applicationId);
        if (!isServicePointStaff(principal, application.service_point_region_code, application.region_code)) {
          throw new AppError('TB_NEARBY_NOT_SERVICE_POINT', { params: { region: principal.regionCode } });
        }
        const subject = await this.reviews.subjectOf(trx, application, now);
        item = subject.item;
        findings = runChecks(subject);
        servicePoint = application.service_point_region_code!;
        competent = application.region_code;
      } else {
        const submission = input.submission!;
        if (!submission.regionCode.startsWith(principal.regionCode!)) throw new AppError('TB_NEARBY_NOT_SERVICE_POINT', { params: { region: principal.regionCode }, path: '/submission/regionCode' });
        ({ item, findings } = await this.draftFindings(trx, submission, now));
        servicePoint = submission.regionCode;
        competent = (await competentRegionOf(trx, item, submission.regionCode)).code;
      }
      const known = new Set(item.materials.map((material) => material.id));
      const unknown = input.materials.findIndex((material) => !known.has(material.materialId));
      if (unknown >= 0) throw new AppError('TB_NEARBY_MATERIAL_UNKNOWN', { params: { materialId: input.materials[unknown]!.materialId }, path: `/materials/${unknown}/materialId` });
      const applicantId = application?.applicant_id_number
        ?? ((input.submission!.applicant as { creditCode?: string; idNumber?: string }).creditCode ?? (input.submission!.applicant as { idNumber?: string }).idNumber)!;
      const row = {
        id: randomUUID(),
        application_id: application?.id ?? null,
        service_point_region_code: servicePoint,
        competent_region_code: competent,
        item_code: item.code,
        applicant_id_number: applicantId,
        conclusion: input.conclusion,
        result: resultOf(findings),
        materials: JSON.stringify(input.materials),
        findings: JSON.stringify(findings),
        note: input.note ?? null,
        checked_by: principal.id,
        checked_at: now,
        linked_at: application ? now : null,
      };
      await trx('service_point_pre_check').insert(row);
      if (application) await this.appendPreCheckEvent(trx, application.id, row, now);
      return this.preCheckView(row);
    });
  }

  private async appendPreCheckEvent(trx: Knex.Transaction, applicationId: string, row: Record<string, unknown>, now: Date) {
    await this.applications.appendRuntimeEvent(trx, applicationId, {
      at: now, actor: String(row.checked_by), kind: 'servicePointPreChecked',
      data: {
        name: '就近办预审', preCheckId: row.id, servicePointRegionCode: row.service_point_region_code, conclusion: row.conclusion, result: row.result,
        outcome: row.conclusion, opinion: row.note ?? null, checkedAt: iso(row.checked_at as Date),
      },
    });
  }

  /** A pre-check as the API shows it. */
  preCheckView(row: Record<string, unknown>) {
    return {
      id: String(row.id),
      applicationId: (row.application_id as string | null) ?? null,
      servicePointRegionCode: String(row.service_point_region_code),
      competentRegionCode: String(row.competent_region_code),
      itemCode: String(row.item_code),
      conclusion: String(row.conclusion),
      result: String(row.result),
      materials: parse<PreCheckMaterial[]>(row.materials),
      findings: parse<Finding[]>(row.findings),
      note: (row.note as string | null) ?? null,
      checkedBy: String(row.checked_by),
      checkedAt: iso(row.checked_at as Date) as string,
      linkedAt: iso(row.linked_at as Date | null),
    };
  }

  /**
   * Links the submitting clerk's open pre-check of the same applicant and item (made within a day) to the new
   * application and adds it to the timeline. Runs in the intake transaction, after the process started.
   */
  readonly onStep = async (event: StepEvent): Promise<void> => {
    const { trx, command, after, now, actor } = event;
    if (command.type !== 'start' || command.called) return;
    const open = await trx('service_point_pre_check')
      .where({ checked_by: actor, applicant_id_number: after.applicant_id_number, item_code: after.item_code })
      .whereNull('application_id').where('checked_at', '>=', new Date(now.getTime() - 86_400_000))
      .orderBy('checked_at', 'desc').first();
    if (!open) return;
    await trx('service_point_pre_check').where({ id: open.id }).update({ application_id: after.id, linked_at: now });
    await this.appendPreCheckEvent(trx, after.id, open as Record<string, unknown>, now);
  };

  /** The service point hands the originals over to the competent department (a record of what, how and when). */
  async handOver(principal: Principal, applicationId: string, input: HandoverInput) {
    const now = this.applications.clock();
    return this.knex.transaction(async (trx) => {
      const application = await this.applications.lock(trx, applicationId);
      if (!application.service_point_region_code) throw new AppError('TB_NEARBY_NOT_RECEIVED_AT_SERVICE_POINT');
      if (!isServicePointStaff(principal, application.service_point_region_code, application.region_code)) {
        throw new AppError('TB_NEARBY_NOT_SERVICE_POINT', { params: { region: principal.regionCode ?? '-' } });
      }
      const item = await this.reviews.itemOf(trx, application);
      const known = new Set(item.materials.map((material) => material.id));
      const unknown = input.originals.findIndex((original) => !known.has(original.materialId));
      if (unknown >= 0) throw new AppError('TB_NEARBY_MATERIAL_UNKNOWN', { params: { materialId: input.originals[unknown]!.materialId }, path: `/originals/${unknown}/materialId` });
      const row = {
        id: randomUUID(),
        application_id: application.id,
        service_point_region_code: application.service_point_region_code,
        department_code: application.department_code,
        region_code: application.region_code,
        originals: JSON.stringify(input.originals.map((original) => ({ ...original, kind: original.kind ?? 'original' }))),
        method: input.method,
        tracking_number: input.trackingNumber ?? null,
        note: input.note ?? null,
        status: 'sent',
        handed_over_by: principal.id,
        handed_over_at: now,
      };
      await trx('service_point_handover').insert(row);
      await this.applications.appendRuntimeEvent(trx, application.id, {
        at: now, actor: principal.id, kind: 'originalsHandedOver',
        data: {
          name: '移交申请材料原件', handoverId: row.id, servicePointRegionCode: row.service_point_region_code, departmentCode: row.department_code,
          method: row.method, originals: input.originals.map((original) => ({ materialId: original.materialId, copies: original.copies })),
          ...(row.tracking_number ? { trackingNumber: row.tracking_number } : {}),
        },
      });
      return this.handoverView(row);
    });
  }

  /** The competent department confirms it received the originals. */
  async receive(principal: Principal, handoverId: string, note?: string) {
    const now = this.applications.clock();
    return this.knex.transaction(async (trx) => {
      const probe = await trx('service_point_handover').where({ id: handoverId }).first('application_id');
      if (!probe) throw new AppError('TB_NEARBY_HANDOVER_NOT_FOUND', { params: { id: handoverId } });
      await this.applications.lock(trx, probe.application_id as string);
      const row = await trx('service_point_handover').where({ id: handoverId }).forUpdate().first();
      if (principal.departmentCode !== row.department_code || principal.regionCode !== row.region_code || !isStaff(principal)) {
        throw new AppError('TB_NEARBY_NOT_COMPETENT');
      }
      if (row.status !== 'sent') throw new AppError('TB_NEARBY_HANDOVER_RECEIVED', { params: { at: iso(row.received_at) } });
      await trx('service_point_handover').where({ id: handoverId }).update({ status: 'received', received_by: principal.id, received_at: now, receipt_note: note ?? null });
      const hours = Math.round((now.getTime() - new Date(row.handed_over_at).getTime()) / 360_000) / 10;
      await this.applications.appendRuntimeEvent(trx, row.application_id, {
        at: now, actor: principal.id, kind: 'originalsReceived',
        data: { name: '签收申请材料原件', handoverId, departmentCode: row.department_code, servicePointRegionCode: row.service_point_region_code, hoursInTransit: hours, ...(note ? { opinion: note } : {}) },
      });
      return this.handoverView({ ...row, status: 'received', received_by: principal.id, received_at: now, receipt_note: note ?? null });
    });
  }

  /** A handover as the API shows it. */
  handoverView(row: Record<string, unknown>) {
    return {
      id: String(row.id),
      applicationId: String(row.application_id),
      servicePointRegionCode: String(row.service_point_region_code),
      departmentCode: String(row.department_code),
      regionCode: String(row.region_code),
      originals: parse<HandoverInput['originals']>(row.originals),
      method: String(row.method),
      trackingNumber: (row.tracking_number as string | null) ?? null,
      note: (row.note as string | null) ?? null,
      status: String(row.status),
      handedOverBy: String(row.handed_over_by),
      handedOverAt: iso(row.handed_over_at as Date) as string,
      receivedBy: (row.received_by as string | null) ?? null,
      receivedAt: iso(row.received_at as Date | null),
      receiptNote: (row.receipt_note as string | null) ?? null,
    };
  }

  /** Whether the principal may see an application's nearby-handling records: who may see it, or its service point's staff. */
  async assertMaySee(principal: Principal, application: ApplicationRow): Promise<void> {
    if (isServicePointStaff(principal, application.service_point_region_code, application.region_code)) return;
    await this.applications.assertVisible(principal, application);
  }

  /** The nearby-handling records of an application: where it was received, its pre-checks and handovers. */
  async view(db: Knex, application: ApplicationRow) {
    const codes = [application.region_code, ...(application.service_point_region_code ? [application.service_point_region_code] : [])];
    const [regions, preChecks, handovers] = await Promise.all([
      db('region').whereIn('code', codes).select('code', 'name') as Promise<Array<{ code: string; name: string }>>,
      db('service_point_pre_check').where({ application_id: application.id }).orderBy('checked_at'),
      db('service_point_handover').where({ application_id: application.id }).orderBy('handed_over_at'),
    ]);
    const names = new Map(regions.map((row) => [row.code, row.name]));
    return {
      applicationId: application.id,
      servicePointRegionCode: application.service_point_region_code,
      servicePointName: application.service_point_region_code ? names.get(application.service_point_region_code) ?? null : null,
      competentRegionCode: application.region_code,
      competentRegionName: names.get(application.region_code) ?? null,
      departmentCode: application.department_code,
      preChecks: (preChecks as Array<Record<string, unknown>>).map((row) => this.preCheckView(row)),
      handovers: (handovers as Array<Record<string, unknown>>).map((row) => this.handoverView(row)),
    };
  }

  /** Applications received at the principal's service point (or below it) for a higher level, newest first. */
  async received(principal: Principal, query: { status?: string; limit?: number; offset?: number }) {
    if (!isStaff(principal) || !principal.regionCode) throw new AppError('TB_NEARBY_NOT_SERVICE_POINT', { params: { region: principal.regionCode ?? '-' } });
    const region = principal.regionCode;
    const base = this.knex('application as a').join('item as i', 'i.code', 'a.item_code')
      .where('a.service_point_region_code', 'like', `${region}%`).whereRaw('length(a.region_code) < ?', [region.length]);
    if (query.status) base.where('a.status', query.status);
    const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string | number }];
    const rows = await base.clone().select(
      'a.id', 'a.number', 'a.item_code', 'i.name as item_name', 'a.applicant_name', 'a.status', 'a.stage', 'a.result', 'a.submitted_at',
      'a.service_point_region_code', 'a.region_code', 'a.department_code',
      this.knex.raw('EXISTS (SELECT 1 FROM service_point_pre_check p WHERE p.application_id = a.id) AS pre_checked'),
      this.knex.raw(`(SELECT h.status FROM service_point_handover h WHERE h.application_id = a.id ORDER BY h.handed_over_at DESC LIMIT 1) AS handover`),
    ).orderBy('a.submitted_at', 'desc').limit(query.limit ?? 20).offset(query.offset ?? 0);
    return {
      total: Number(total),
      items: (rows as Array<Record<string, unknown>>).map((row) => ({
        id: String(row.id), number: String(row.number), itemCode: String(row.item_code), itemName: String(row.item_name), applicantName: String(row.applicant_name),
        status: String(row.status), stage: String(row.stage), result: (row.result as string | null) ?? null, submittedAt: iso(row.submitted_at as Date) as string,
        servicePointRegionCode: String(row.service_point_region_code), regionCode: String(row.region_code), departmentCode: String(row.department_code),
        preChecked: Boolean(row.pre_checked), handover: (row.handover as string | null) ?? 'none',
      })),
    };
  }

  /**
   * Figures of nearby handling per service point within a region and period (docs/collaboration.md lists what
   * supervision counts): applications received for a higher level, closed and approved; pre-checks, complete ones and
   * those linked to an application; handovers, received ones and the mean hours in transit.
   */
  async figures(principal: Principal, query: { regionCode?: string; from: Date; to: Date }) {
    const region = query.regionCode ?? principal.regionCode ?? '';
    const mayRead = principal.roles.includes('admin') || ((principal.roles.includes('supervisor') || isStaff(principal)) && principal.regionCode !== undefined && region.startsWith(principal.regionCode));
    if (!mayRead) throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '该地区不在您的数据权限范围内', en: 'the region is outside your scope' } } });
    const like = `${region}%`;
    const [received, preChecks, handovers] = await Promise.all([
      this.knex('application').where('service_point_region_code', 'like', like).where('submitted_at', '>=', query.from).where('submitted_at', '<', query.to)
        .groupBy('service_point_region_code').select('service_point_region_code as code',
          this.knex.raw('count(*)::int AS received'),
          this.knex.raw(`count(*) FILTER (WHERE status = 'completed')::int AS closed`),
          this.knex.raw(`count(*) FILTER (WHERE result = 'approved')::int AS approved`)),
      this.knex('service_point_pre_check').where('service_point_region_code', 'like', like).where('checked_at', '>=', query.from).where('checked_at', '<', query.to)
        .groupBy('service_point_region_code').select('service_point_region_code as code',
          this.knex.raw('count(*)::int AS pre_checks'),
          this.knex.raw(`count(*) FILTER (WHERE conclusion = 'complete')::int AS complete`),
          this.knex.raw('count(application_id)::int AS linked')),
      this.knex('service_point_handover').where('service_point_region_code', 'like', like).where('handed_over_at', '>=', query.from).where('handed_over_at', '<', query.to)
        .groupBy('service_point_region_code').select('service_point_region_code as code',
          this.knex.raw('count(*)::int AS handovers'),
          this.knex.raw(`count(*) FILTER (WHERE status = 'received')::int AS received_handovers`),
          this.knex.raw(`avg(extract(epoch FROM received_at - handed_over_at) / 3600) FILTER (WHERE status = 'received') AS mean_hours`)),
    ]);
    const points = new Map<string, Record<string, number | null>>();
    const entry = (code: string) => {
      let value = points.get(code);
      if (!value) points.set(code, (value = { received: 0, closed: 0, approved: 0, preChecks: 0, preChecksComplete: 0, preChecksLinked: 0, handovers: 0, handoversReceived: 0, meanHoursInTransit: null }));
      return value;
    };
    for (const row of received as Array<Record<string, unknown>>) Object.assign(entry(String(row.code)), { received: Number(row.received), closed: Number(row.closed), approved: Number(row.approved) });
    for (const row of preChecks as Array<Record<string, unknown>>) Object.assign(entry(String(row.code)), { preChecks: Number(row.pre_checks), preChecksComplete: Number(row.complete), preChecksLinked: Number(row.linked) });
    for (const row of handovers as Array<Record<string, unknown>>) {
      Object.assign(entry(String(row.code)), {
        handovers: Number(row.handovers), handoversReceived: Number(row.received_handovers),
        meanHoursInTransit: row.mean_hours === null ? null : Math.round(Number(row.mean_hours) * 10) / 10,
      });
    }
    const names = new Map((await this.knex('region').whereIn('code', [...points.keys()]).select('code', 'name') as Array<{ code: string; name: string }>).map((row) => [row.code, row.name]));
    const items = [...points.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, value]) => ({ servicePointRegionCode: code, name: names.get(code) ?? null, ...value }));
    return { regionCode: region, from: query.from.toISOString(), to: query.to.toISOString(), items };
  }
}

