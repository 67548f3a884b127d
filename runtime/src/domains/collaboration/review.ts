import type { Knex } from 'knex';
import type { Item } from '@tongban/schemas';
import { maskResidentId } from '@tongban/gov-codes';
import { regionAncestry, resolveImplementation } from '../catalogue/implementation';
import { implementationsInForce } from '../catalogue/store';
import type { ApplicationService, StepEvent } from '../applications/service';
import type { ApplicationRow, JobRow } from '../applications/store';
import type { JobHandler } from '../jobs/service';
import { chinaDate, effectiveStatus, licenceColumns, type LicenceRow } from '../licences/store';
import { resultOf, runChecks, type Finding, type ReviewLicence, type ReviewMaterial, type ReviewResult, type ReviewSubject } from './review-checks';
import { consultModel, HttpReviewModel, type ModelOutcome, type ReviewModel } from './review-model';
import type { CollaborationSettings } from './settings';

/** The job type of the review assistant. */
export const REVIEW_JOB_TYPE = 'tongban.review-assistant';

/** A stored report as the API shows it (schemas/src/api.ts `reviewReportSchema`). */
export interface ReviewReportView {
  id: number;
  applicationId: string;
  result: ReviewResult;
  autoAccepted: boolean;
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number; rules: number };
  model: { status: string; name?: string; latencyMs?: number; error?: string };
  createdAt: string;
}

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** A report row as the API shows it. */
export function reportView(row: Record<string, unknown>): ReviewReportView {
  return {
    id: Number(row.id),
    applicationId: String(row.application_id),
    result: row.result as ReviewResult,
    autoAccepted: Boolean(row.auto_accepted),
    findings: parse<Finding[]>(row.findings),
    summary: parse<ReviewReportView['summary']>(row.summary),
    model: parse<ReviewReportView['model']>(row.model),
    createdAt: new Date(row.created_at as string).toISOString(),
  };
}

const summaryOf = (findings: readonly Finding[], rules: number) => ({
  errors: findings.filter((entry) => entry.severity === 'error').length,
  warnings: findings.filter((entry) => entry.severity === 'warning').length,
  infos: findings.filter((entry) => entry.severity === 'info').length,
  rules,
});

/** The applicant of an application row, identifiers under one name. */
export function applicantOf(application: Pick<ApplicationRow, 'applicant' | 'applicant_kind' | 'applicant_name' | 'applicant_id_number'>): ReviewSubject['applicant'] {
  const stored = parse<Record<string, unknown>>(application.applicant);
  const representative = stored.legalRepresentative as { name: string; idNumber: string } | undefined;
  return {
    kind: application.applicant_kind,
    name: application.applicant_name,
    idNumber: application.applicant_id_number,
    ...(representative ? { legalRepresentative: { name: representative.name, idNumber: representative.idNumber } } : {}),
  };
}

/**
 * The review assistant (智能审核辅助): a built-in `tongban.review-assistant` job handler that checks an
 * application's materials before a clerk sees it, stores a structured suggestion per run, and answers the process
 * variables `reviewResult` (`pass` | `attention` | `fail`) and `reviewFindings` the gateways may route on.
 */
export class ReviewService {
  /** The external model service, when one is configured (tests may replace it). */
  model: ReviewModel | undefined;

  constructor(private readonly applications: ApplicationService, private readonly settings: CollaborationSettings) {
    this.model = settings.reviewModelUrl
      ? new HttpReviewModel({ url: settings.reviewModelUrl, ...(settings.reviewModelToken ? { token: settings.reviewModelToken } : {}) })
      : undefined;
  }

  /** The item document the application was received under: its version, with the receiving region's implementation. */
  async itemOf(db: Knex, application: ApplicationRow): Promise<Item> {
    const version = await this.applications.versionById(application.item_version_id, db);
    if (!version) throw new Error(`item version ${application.item_version_id} of application ${application.number} is gone`);
    const received = application.service_point_region_code ?? application.region_code;
    const entries = await implementationsInForce(db, application.item_code, regionAncestry(received), new Date(application.submitted_at));
    return entries.length === 0 ? version.document : resolveImplementation(version.document, version.implementationPolicy, entries).item;
  }

  /** Reads what the checks look at, through `db` (the job's transaction). */
  async subjectOf(db: Knex, application: ApplicationRow, now: Date): Promise<ReviewSubject> {
    const item = await this.itemOf(db, application);
    const rows = await db('application_material').where({ application_id: application.id }).orderBy('id');
    const materials: ReviewMaterial[] = (rows as Array<Record<string, unknown>>).map((row) => ({
      materialId: String(row.material_id),
      kind: row.kind === 'licence' ? 'licence' : 'file',
      fileId: (row.file_sha256 as string | null) ?? null,
      fileName: (row.file_name as string | null) ?? null,
      mediaType: (row.media_type as string | null) ?? null,
      size: row.size === null || row.size === undefined ? null : Number(row.size),
      licenceId: (row.licence_id as string | null) ?? null,
      round: Number(row.round),
    }));
    return {
      item,
      formData: parse<Record<string, unknown>>(application.form_data),
      applicant: applicantOf(application),
      materials,
      files: await this.storedFiles(db, materials),
      licences: await this.reusedLicences(db, materials, chinaDate(now)),
      now,
      today: chinaDate(now),
      licenceExpiryWarningDays: this.settings.licenceExpiryWarningDays,
    };
  }

  /** Stored files of the materials by sha256: what was really uploaded. */
  async storedFiles(db: Knex, materials: ReviewMaterial[]) {
    const ids = [...new Set(materials.flatMap((row) => (row.fileId ? [row.fileId] : [])))];
    const rows = ids.length === 0 ? [] : await db('stored_file').whereIn('sha256', ids).select('sha256', 'size', 'media_type');
    return new Map((rows as Array<{ sha256: string; size: string | number; media_type: string }>).map((row) => [row.sha256, { size: Number(row.size), mediaType: row.media_type }]));
  }

  /** The reused licences of the materials by identifier, status as of `today`. */
  async reusedLicences(db: Knex, materials: ReviewMaterial[], today: string) {
    const ids = [...new Set(materials.flatMap((row) => (row.licenceId ? [row.licenceId] : [])))];
    if (ids.length === 0) return new Map<string, ReviewLicence>();
    const rows = (await db('licence').whereIn('identifier', ids).select(licenceColumns(db))) as LicenceRow[];
    const types = new Map((await db('licence_type').whereIn('code', [...new Set(rows.map((row) => row.type_code))]).select('code', 'name') as Array<{ code: string; name: string }>)
      .map((row) => [row.code, row.name]));
    return new Map(rows.map((row) => [row.identifier, {
      identifier: row.identifier,
      typeCode: row.type_code,
      typeName: types.get(row.type_code) ?? row.type_code,
      holderKind: row.holder_kind,
      holderIdNumber: row.holder_id_number,
      holderName: row.holder_name,
      status: effectiveStatus(row, today),
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      data: parse<Record<string, unknown>>(row.data),
    } satisfies ReviewLicence]));
  }

  /**
   * Runs every check on an application and, when configured, the external model; never throws for what the case
   * contains (a broken item rule or an unavailable model is a finding, not a failure).
   */
  async review(db: Knex, application: ApplicationRow, now: Date): Promise<{ result: ReviewResult; findings: Finding[]; model: ModelOutcome; rules: number }> {
    const subject = await this.subjectOf(db, application, now);
    const findings = runChecks(subject);
    const names = new Map(subject.item.materials.map((material) => [material.id, material.name]));
    const model = await consultModel(this.model, {
      applicationNumber: application.number,
      itemCode: application.item_code,
      itemName: subject.item.name,
      applicant: { kind: subject.applicant.kind, name: subject.applicant.name, idNumber: subject.applicant.kind === 'person' ? maskResidentId(subject.applicant.idNumber) : subject.applicant.idNumber },
      formData: subject.formData,
      materials: subject.materials.map((row) => ({
        materialId: row.materialId, name: names.get(row.materialId) ?? row.materialId, kind: row.kind, fileId: row.fileId ?? null,
        mediaType: row.fileId ? subject.files.get(row.fileId)?.mediaType ?? null : null, size: row.fileId ? subject.files.get(row.fileId)?.size ?? null : null,
        licenceType: row.licenceId ? subject.licences.get(row.licenceId)?.typeName ?? null : null,
      })),
      findings,
    }, this.settings.reviewModelTimeoutMs);
    const all = [...findings, ...model.findings];
    if (model.status === 'timeout' || model.status === 'error') {
      all.push({
        ruleId: 'model.unavailable', severity: 'info', source: 'model',
        message: { zh: '外部审核模型未在时限内答复，本次仅依规则审核', en: 'The external review model did not answer in time; this review used the rules alone' },
        evidence: { status: model.status, ...(model.error ? { error: model.error } : {}) },
      });
    }
    return { result: resultOf(all), findings: all, model, rules: 5 + (subject.item.reviewRules?.length ?? 0) };
  }

  /** The `tongban.review-assistant` handler: reviews, stores the report in the job's transaction, answers the variables. */
  readonly handler: JobHandler = async ({ trx, job, application, now }) => {
    const stored = await trx('review_report').where({ job_id: job.id }).first();
    if (stored) return this.variablesOf(reportView(stored as Record<string, unknown>));
    const outcome = await this.review(trx, application, now);
    const [row] = await trx('review_report').insert({
      application_id: application.id,
      job_id: job.id,
      element_id: job.element_id,
      result: outcome.result,
      findings: JSON.stringify(outcome.findings),
      summary: JSON.stringify(summaryOf(outcome.findings, outcome.rules)),
      model: JSON.stringify({ status: outcome.model.status, ...(outcome.model.name ? { name: outcome.model.name } : {}), ...(outcome.model.latencyMs !== undefined ? { latencyMs: outcome.model.latencyMs } : {}), ...(outcome.model.error ? { error: outcome.model.error } : {}) }),
      created_at: now,
    }).returning('*');
    return this.variablesOf(reportView(row as Record<string, unknown>));
  };

  /** The process variables of a report: the suggestion and the findings' rule ids and severities (at most 50). */
  private variablesOf(report: ReviewReportView): Record<string, unknown> {
    return {
      reviewResult: report.result,
      reviewFindings: report.findings.slice(0, 50).map((entry) => ({ ruleId: entry.ruleId, severity: entry.severity, ...(entry.materialId ? { materialId: entry.materialId } : {}) })),
    };
  }

  /**
   * After a review-assistant job completed (built in or by an external worker): keeps a report of an external
   * worker's answer, records automatic acceptance — the task header `autoAccept="true"`, a `pass`, and the process
   * went on without an acceptance task — and appends `reviewCompleted` (and `applicationAutoAccepted`) to the
   * timeline. Runs in the command's transaction.
   */
  readonly onStep = async (event: StepEvent): Promise<void> => {
    const { trx, command, after, effects, now } = event;
    if (command.type !== 'completeJob') return;
    const job = (await trx('job').where({ id: command.jobId }).first('id', 'job_type', 'element_id', 'headers')) as Pick<JobRow, 'id' | 'job_type' | 'element_id' | 'headers'> | undefined;
    if (job?.job_type !== REVIEW_JOB_TYPE) return;
    let report = await trx('review_report').where({ job_id: job.id }).first();
    if (!report) {
      // An external worker answered: keep what it said as the report.
      const variables = command.variables ?? {};
      const result = (['pass', 'attention', 'fail'] as const).find((value) => value === variables.reviewResult) ?? 'attention';
      const findings: Finding[] = Array.isArray(variables.reviewFindings)
        ? (variables.reviewFindings as Array<Record<string, unknown>>).filter((entry) => typeof entry?.ruleId === 'string').slice(0, 50).map((entry) => ({
          ruleId: String(entry.ruleId),
          severity: (['error', 'warning', 'info'] as const).find((value) => value === entry.severity) ?? 'info',
          message: (entry.message as Finding['message'] | undefined) ?? { zh: String(entry.ruleId), en: String(entry.ruleId) },
          evidence: {}, source: 'model' as const,
        }))
        : [];
      [report] = await trx('review_report').insert({
        application_id: after.id, job_id: job.id, element_id: job.element_id, result, findings: JSON.stringify(findings),
        summary: JSON.stringify(summaryOf(findings, 0)), model: JSON.stringify({ status: 'external' }), created_at: now,
      }).returning('*');
    }
    const view = reportView(report as Record<string, unknown>);
    const headers = parse<Record<string, string>>(job.headers ?? {});
    const acceptanceFollows = effects.some((effect) => effect.type === 'taskCreated' && effect.headers.stage === 'accept');
    const autoAccepted = headers.autoAccept === 'true' && view.result === 'pass' && !acceptanceFollows && after.status === 'active';
    await this.applications.appendRuntimeEvent(trx, after.id, {
      at: now, actor: `system:${REVIEW_JOB_TYPE}`, kind: 'reviewCompleted', elementId: job.element_id,
      data: { name: '材料智能预审', result: view.result, reportId: view.id, errors: view.summary.errors, warnings: view.summary.warnings },
    });
    if (!autoAccepted) return;
    await trx('review_report').where({ id: view.id }).update({ auto_accepted: true });
    const accepted = await trx('application').where({ id: after.id }).whereNull('accepted_at').update({ accepted_at: now });
    if (accepted > 0) {
      await this.applications.appendRuntimeEvent(trx, after.id, {
        at: now, actor: `system:${REVIEW_JOB_TYPE}`, kind: 'applicationAutoAccepted', elementId: job.element_id,
        data: { name: '智能预审通过，自动受理', stage: 'accept', outcome: 'accept', reportId: view.id },
      });
    }
  };

  /** The newest report of an application, or null. */
  async latest(db: Knex, applicationId: string): Promise<ReviewReportView | null> {
    const row = await db('review_report').where({ application_id: applicationId }).orderBy('id', 'desc').first();
    return row ? reportView(row as Record<string, unknown>) : null;
  }

  /** Every report of an application, newest first. */
  async history(db: Knex, applicationId: string): Promise<ReviewReportView[]> {
    const rows = await db('review_report').where({ application_id: applicationId }).orderBy('id', 'desc').limit(50);
    return (rows as Array<Record<string, unknown>>).map(reportView);
  }
}
