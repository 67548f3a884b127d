import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isRejection, step, type Command, type CompiledDefinition, type Effect, type InstanceState } from '@tongban/engine';
import { evaluateChecklist, validateSubmission, type FormSchema } from '@tongban/forms';
import { validateCreditCode, validateResidentId, maskResidentId } from '@tongban/gov-codes';
import type { ApplicationSubmission, Item } from '@tongban/schemas';
import { AppError, type ErrorDetail } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import { CalendarStore } from '../../engine/calendar';
import { stepContext } from '../../engine/context';
import { DefinitionCache, ProcedureCompileError } from '../../engine/definitions';
import { findEffectiveVersion, findVersionById, itemExists, type ItemVersionRow } from '../catalogue/store';

interface RegionRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}
import { assertCanActOnTask, assertCanSeeApplication, isApplicantOf, isStaff } from './access';
import { DepartmentDirectory } from './departments';
import { applyStep } from './effects';
import { GENESIS_HASH, chainEvents, type NewEvent } from './history';
import { formatApplicationNumber } from './number';
import { allowedOutcomes, OUTCOMES_NEEDING_OPINION, outcomeVariable } from './outcomes';
import { findTask, lockApplication, nextApplicationSequence, type ApplicationRow, type TaskRow } from './store';

/** What a successful submission answers (and what an idempotent retry replays). */
export interface SubmissionReceipt {
  id: string;
  number: string;
  itemCode: string;
  itemVersion: number;
  regionCode: string;
  servicePointRegionCode?: string;
  departmentCode: string;
  status: string;
  stage: string;
  submittedAt: string;
  dueAt?: string;
}

/** What a step listener sees: the application before and after one command, and what the engine did. */
export interface StepEvent {
  trx: Knex.Transaction;
  command: Command;
  before: ApplicationRow;
  after: ApplicationRow;
  effects: Effect[];
  actor: string;
  now: Date;
}

/** Runs inside the command's transaction after its step is written; throwing rolls the whole command back. */
export type StepListener = (event: StepEvent) => Promise<void>;

/** What a submission listener sees, inside the intake transaction, before the process starts. */
export interface SubmissionEvent {
  trx: Knex.Transaction;
  principal: Principal;
  submission: ApplicationSubmission;
  item: Item;
  application: ApplicationRow;
  now: Date;
}

/**
 * Runs inside the intake transaction after the application row and its materials are written and before the
 * process starts (e.g. licence reuse verification). Throwing an AppError refuses the submission; nothing is kept.
 */
export type SubmissionListener = (event: SubmissionEvent) => Promise<void>;

/** Adds fields to the worklist's task detail (the review assistant's suggestion …); reads outside any transaction. */
export type TaskDetailProvider = (task: TaskRow, application: ApplicationRow) => Promise<Record<string, unknown>>;

/** A task completion as staff post it. */
export interface TaskCompletion {
  outcome?: string;
  opinion?: string;
  formData?: Record<string, unknown>;
  missingMaterials?: string[];
}

/** Rows of `application_material` for submitted materials: one per file, or one for a reused licence. */
function materialRows(applicationId: string, materials: NonNullable<ApplicationSubmission['materials']>, round: number, now: Date): Array<Record<string, unknown>> {
  return materials.flatMap((material): Array<Record<string, unknown>> => {
    if (material.licenceId) {
      return [{ application_id: applicationId, material_id: material.materialId, kind: 'licence', licence_id: material.licenceId, consent: material.consent ?? false, round, created_at: now }];
    }
    return (material.files ?? []).map((file) => ({
      application_id: applicationId,
      material_id: material.materialId,
      kind: 'file',
      file_sha256: file.fileId,
      file_name: file.name ?? null,
      media_type: file.mediaType ?? null,
      size: file.size ?? null,
      round,
      created_at: now,
    }));
  });
}

/** The opinion a task form carries: its first non-empty `…Opinion` or `…Reason` text field. */
function opinionFromForm(formData: Record<string, unknown>): string | undefined {
  for (const suffix of ['Reason', 'Opinion']) {
    for (const [key, value] of Object.entries(formData)) {
      if (key.endsWith(suffix) && typeof value === 'string' && value.trim()) return value.trim();
    }
  }
  return undefined;
}

/** Levels from the top, for walking up to the competent level. */
const LEVEL_BY_LENGTH: Record<number, string> = { 2: 'province', 4: 'city', 6: 'county', 9: 'township', 12: 'village' };

const toIssues = (errors: ReadonlyArray<{ path: string; code: string; message: { zh: string; en: string } }>, prefix: string): ErrorDetail[] =>
  errors.map((error) => ({ path: `${prefix}${error.path}`, code: error.code, message: error.message, location: 'body' as const }));

/**
 * Applications (办件): intake, task completion, supplementation, withdrawal, message correlation and the job
 * commands. Every command is one transaction: lock the application row, run the engine step, write the rows and
 * the hash-chained history, commit — or write nothing.
 */
export class ApplicationService {
  readonly definitions: DefinitionCache;
  readonly calendars: CalendarStore;
  readonly departments: DepartmentDirectory;
  private readonly stepListeners: StepListener[] = [];
  /** Published item versions never change: kept by id for the life of the process (bounded). */
  private readonly versions = new Map<number, Promise<ItemVersionRow | undefined>>();
  private regions: { loadedAt: number; byCode: Map<string, RegionRow> } | undefined;
  private readonly submissionListeners: SubmissionListener[] = [];
  private readonly taskDetailProviders: TaskDetailProvider[] = [];

  /** Adds a listener run after every command's step, in its transaction (supervision, follow-on services …). */
  onStep(listener: StepListener): void {
    this.stepListeners.push(listener);
  }

  /** Adds a listener run during intake, in its transaction, before the process starts (licence reuse …). */
  onSubmission(listener: SubmissionListener): void {
    this.submissionListeners.push(listener);
  }

  /** Adds a provider of extra task-detail fields (`GET /tasks/:id`), e.g. the review assistant's findings. */
  onTaskDetail(provider: TaskDetailProvider): void {
    this.taskDetailProviders.push(provider);
  }

  /** The extra task-detail fields of every provider, merged. */
  async taskDetailExtras(task: TaskRow, application: ApplicationRow): Promise<Record<string, unknown>> {
    const parts = await Promise.all(this.taskDetailProviders.map((provider) => provider(task, application)));
    return Object.assign({}, ...parts) as Record<string, unknown>;
  }

  constructor(readonly knex: Knex, readonly clock: () => Date = () => new Date()) {
    this.definitions = new DefinitionCache();
    this.calendars = new CalendarStore(knex);
    this.departments = new DepartmentDirectory(knex);
  }

  /** An item version by id, from memory after the first read (versions an application runs on are immutable). */
  versionById(id: number, db: Knex = this.knex): Promise<ItemVersionRow | undefined> {
    let cached = this.versions.get(id);
    if (!cached) {
      cached = findVersionById(db, id);
      cached.then((row) => { if (!row) this.versions.delete(id); }, () => this.versions.delete(id));
      this.versions.set(id, cached);
      if (this.versions.size > 5000) this.versions.delete(this.versions.keys().next().value as number);
    }
    return cached;
  }

  /** A region by code, from a map of all regions reloaded every minute (regions change rarely). */
  private async region(code: string): Promise<RegionRow | undefined> {
    if (!this.regions || Date.now() - this.regions.loadedAt > 60_000) {
      const rows = await this.knex('region').select('code', 'name', 'level', 'parent_code');
      this.regions = {
        loadedAt: Date.now(),
        byCode: new Map(rows.map((row: { code: string; name: string; level: string; parent_code: string | null }) =>
          [row.code, { code: row.code, name: row.name, level: row.level, parentCode: row.parent_code }])),
      };
    }
    return this.regions.byCode.get(code);
  }

  /** The compiled procedure of an item version (inside a transaction, pass it as `db`). */
  async definitionOf(itemVersionId: number, itemCode: string, db: Knex = this.knex): Promise<CompiledDefinition> {
    try {
      return await this.definitions.get(itemVersionId, async () => {
        const version = await this.versionById(itemVersionId, db);
        if (!version) throw new AppError('TB_ITEM_NOT_FOUND', { params: { code: itemCode } });
        return version.bpmn;
      });
    } catch (error) {
      if (error instanceof ProcedureCompileError) throw new AppError('TB_ITEM_PROCEDURE_INVALID', { params: { code: itemCode } });
      throw error;
    }
  }

  /**
   * Runs one engine command on a locked application and writes its effects. A command the engine refuses (the
   * task is gone, the instance ended) is a 409 that names the reason; nothing is written.
   */
  async execute(
    trx: Knex.Transaction,
    application: ApplicationRow,
    command: Command,
    actor: string,
    extra: { events?: NewEvent[]; patch?: Partial<Record<keyof ApplicationRow, unknown>>; now?: Date } = {},
  ): Promise<ApplicationRow> {
    const now = extra.now ?? this.clock();
    const definition = await this.definitionOf(application.item_version_id, application.item_code, trx);
    const calendar = await this.calendars.get(trx);
    const state = command.type === 'start' ? undefined : (application.state as InstanceState);
    const outcome = step(definition, state, command, stepContext(now, calendar));
    if (isRejection(outcome)) {
      throw new AppError('TB_ENGINE_REJECTED', { params: { reason: outcome.message }, details: [{ path: '', code: outcome.code, message: outcome.message }] });
    }
    // A consumed trigger gets no close effect from the engine; close its row here unless it stays open (non-interrupting).
    if (command.type === 'correlateMessage' && !(command.subscriptionId in outcome.state.subscriptions)) {
      await trx('subscription').where({ id: command.subscriptionId, status: 'open' }).update({ status: 'closed', closed_at: now });
    }
    const after = await applyStep({
      trx,
      application,
      result: outcome,
      actor,
      now,
      departments: this.departments,
      ...(extra.events ? { events: extra.events } : {}),
      ...(extra.patch ? { patch: extra.patch } : {}),
    });
    for (const effect of outcome.effects) {
      if (effect.type === 'callActivityStarted') await this.startCalledApplication(trx, after, effect, actor, now);
      if (effect.type === 'callActivityCancelled') await this.cancelCalledApplication(trx, after, effect.callId, actor, now);
    }
    if (after.parent_application_id && after.status !== 'active' && application.status === 'active') {
      await this.returnToCaller(trx, after, outcome.effects, actor, now);
    }
    for (const listener of this.stepListeners) {
      await listener({ trx, command, before: application, after, effects: outcome.effects, actor, now });
    }
    return after;
  }

  /**
   * A call activity starts another process as a child application of the same applicant: a process of the same
   * procedure file, or else the procedure of the item version in force whose `procedure.processId` it names. When
   * none exists, an incident on the caller says so (fix the catalogue, then retry the incident).
   */
  private async startCalledApplication(
    trx: Knex.Transaction,
    parent: ApplicationRow,
    effect: Extract<Effect, { type: 'callActivityStarted' }>,
    actor: string,
    now: Date,
  ): Promise<void> {
    const ownDefinition = await this.definitionOf(parent.item_version_id, parent.item_code, trx);
    let versionId = parent.item_version_id;
    let itemCode = parent.item_code;
    if (!ownDefinition.processes.some((process) => process.id === effect.processId && process.executable)) {
      const version = await trx('item_version')
        .whereRaw(`document->'procedure'->>'processId' = ?`, [effect.processId])
        .whereIn('status', ['published', 'superseded'])
        .where('effective_from', '<=', now)
        .orderBy([{ column: 'effective_from', order: 'desc' }, { column: 'version', order: 'desc' }])
        .first('id', 'item_code');
      if (!version) {
        await trx('incident').insert({
          id: randomUUID(), application_id: parent.id, job_id: null, element_id: effect.elementId, kind: 'calledProcessNotFound',
          message: `no published procedure defines process ${effect.processId}`, status: 'open', created_at: now,
        });
        return;
      }
      versionId = Number(version.id);
      itemCode = String(version.item_code);
    }
    const id = randomUUID();
    const child: ApplicationRow = {
      ...parent,
      id,
      number: formatApplicationNumber(parent.region_code, now, await nextApplicationSequence(trx)),
      item_code: itemCode,
      item_version_id: versionId,
      process_id: effect.processId,
      status: 'active',
      stage: parent.stage,
      result: null,
      submitted_at: now,
      accepted_at: null,
      closed_at: null,
      state: {} as InstanceState,
      rev: 0,
      event_seq: 0,
      event_hash: GENESIS_HASH,
      parent_application_id: parent.id,
      parent_call_id: effect.callId,
      updated_at: now,
    };
    await trx('application').insert({ ...child, applicant: JSON.stringify(child.applicant), form_data: JSON.stringify(child.form_data), state: '{}' });
    await this.execute(trx, child, { type: 'start', processId: effect.processId, variables: effect.variables, actor, called: true }, actor, {
      now,
      events: [{ at: now, actor, kind: 'calledBy', data: { parentNumber: parent.number, callId: effect.callId, elementId: effect.elementId } }],
    });
  }

  /** The caller's call activity ended early (boundary event, termination): cancel the child application. */
  private async cancelCalledApplication(trx: Knex.Transaction, parent: ApplicationRow, callId: string, actor: string, now: Date): Promise<void> {
    const child = await trx('application').where({ parent_application_id: parent.id, parent_call_id: callId, status: 'active' }).forUpdate().first() as ApplicationRow | undefined;
    if (!child) return;
    await this.execute(trx, child, { type: 'cancel', reason: 'call activity ended', actor }, actor, { now, patch: { status: 'cancelled', result: 'cancelled' } });
  }

  /** A called child ended: complete the caller's call activity, or pass an uncaught BPMN error back to it. */
  private async returnToCaller(trx: Knex.Transaction, child: ApplicationRow, effects: Effect[], actor: string, now: Date): Promise<void> {
    const parent = await lockApplication(trx, child.parent_application_id!);
    if (!parent || parent.status !== 'active' || !child.parent_call_id || !(child.parent_call_id in (parent.state.calls ?? {}))) return;
    const completed = effects.find((effect): effect is Extract<Effect, { type: 'instanceCompleted' }> => effect.type === 'instanceCompleted');
    if (completed) {
      await this.execute(trx, parent, { type: 'completeCallActivity', callId: child.parent_call_id, variables: completed.variables }, actor, { now });
      return;
    }
    const terminated = effects.find((effect): effect is Extract<Effect, { type: 'instanceTerminated' }> => effect.type === 'instanceTerminated');
    if (terminated?.error) {
      await this.execute(trx, parent, {
        type: 'throwCallActivityError', callId: child.parent_call_id, errorCode: terminated.error.errorCode,
        ...(terminated.error.errorMessage ? { errorMessage: terminated.error.errorMessage } : {}), variables: terminated.error.variables,
      }, actor, { now });
    }
  }

  /** Locks an application or answers 404. */
  async lock(trx: Knex.Transaction, id: string): Promise<ApplicationRow> {
    const application = await lockApplication(trx, id);
    if (!application) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id } });
    return application;
  }

  /** Answers 409 unless the application is still being handled. */
  static assertActive(application: ApplicationRow): void {
    if (application.status !== 'active') {
      const labels: Record<string, { zh: string; en: string }> = {
        completed: { zh: '办结', en: 'closed' },
        withdrawn: { zh: '撤回', en: 'withdrawn' },
        terminated: { zh: '终止', en: 'terminated' },
        cancelled: { zh: '取消', en: 'cancelled' },
      };
      throw new AppError('TB_APPLICATION_NOT_ACTIVE', { params: { status: labels[application.status] ?? { zh: application.status, en: application.status } } });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Intake

  /**
   * Receives an application: checks the applicant's identifier (check digits), resolves the item version in force
   * and the competent region and department, validates the form data against the version's form-js schema and the
   * materials against its checklist, then — in one transaction — numbers the application, starts its process and
   * records the submission. With an `Idempotency-Key` a retry answers the first receipt and writes nothing.
   */
  async submit(principal: Principal, submission: ApplicationSubmission, idempotencyKey?: string): Promise<{ status: 200 | 201; receipt: SubmissionReceipt }> {
    const requestHash = createHash('sha256').update(JSON.stringify(submission)).digest('hex');
    if (idempotencyKey) {
      const replay = await this.idempotentReplay(principal.id, idempotencyKey, requestHash);
      if (replay) return { status: 200, receipt: replay };
    }
    const now = this.clock();
    this.checkApplicantIdentity(principal, submission, now);
    const version = await findEffectiveVersion(this.knex, submission.itemCode, now, submission.regionCode);
    if (!version) {
      const code = submission.itemCode;
      if (await itemExists(this.knex, code)) throw new AppError('TB_ITEM_NOT_EFFECTIVE', { params: { code }, path: '/itemCode' });
      throw new AppError('TB_ITEM_NOT_FOUND', { params: { code }, path: '/itemCode' });
    }
    const item = version.document;
    const { handlingRegion, servicePoint } = await this.competentRegion(item, submission.regionCode);
    const department = await this.departments.resolve(item.implementingDepartment, handlingRegion.code);
    if (!department) throw new AppError('TB_DEPARTMENT_NOT_FOUND', { params: { code: item.implementingDepartment } });

    const applicationForm = item.forms.find((form) => form.purpose === 'application');
    const formSchema = applicationForm ? (version.forms[applicationForm.id] as FormSchema | undefined) : undefined;
    const applicantContext = { applicant: submission.applicant };
    const form = formSchema
      ? validateSubmission(formSchema, submission.formData, { now, context: applicantContext })
      : { ok: true, data: {}, errors: [] };
    if (!form.ok) {
      throw new AppError('TB_APPLICATION_FORM_INVALID', { details: toIssues(form.errors, '/formData'), path: `/formData${form.errors[0]?.path ?? ''}` });
    }
    const materials = submission.materials ?? [];
    const checklist = evaluateChecklist(item.materials, form.data, materials, { now, context: applicantContext });
    if (!checklist.ok) {
      throw new AppError('TB_APPLICATION_MATERIALS_INVALID', {
        details: checklist.errors.map((error) => ({ path: error.path, code: error.code, message: error.message, location: 'body' as const })),
        path: checklist.errors[0]?.path ?? '/materials',
      });
    }
    const fileIds = [...new Set(materials.flatMap((material, index) => (material.files ?? []).map((file, fileIndex) => `${file.fileId}|${index}|${fileIndex}`)))];
    const stored = new Set<string>(fileIds.length === 0 ? [] : (await this.knex('stored_file')
      .whereIn('sha256', fileIds.map((entry) => entry.split('|')[0]!)).pluck('sha256')) as string[]);
    const missingFiles = fileIds.filter((entry) => !stored.has(entry.split('|')[0]!));
    if (missingFiles.length > 0) {
      const [fileId, index, fileIndex] = missingFiles[0]!.split('|');
      throw new AppError('TB_APPLICATION_FILE_NOT_FOUND', {
        params: { fileId },
        path: `/materials/${index}/files/${fileIndex}/fileId`,
        details: missingFiles.map((entry) => {
          const [id, i, j] = entry.split('|');
          return { path: `/materials/${i}/files/${j}/fileId`, code: 'TB_APPLICATION_FILE_NOT_FOUND', message: { zh: `文件 ${id} 未上传`, en: `file ${id} was not uploaded` }, location: 'body' as const };
        }),
      });
    }

    const applicant = submission.applicant;
    const applicantId = applicant.kind === 'person' ? applicant.idNumber : applicant.creditCode;
    const calendar = await this.calendars.get();
    const dueAt = calendar.addWorkingDays(now, item.committedTimeLimitDays);
    return this.knex.transaction(async (trx) => {
      if (idempotencyKey) {
        // Claim the key first: a concurrent retry with the same key waits here, then replays.
        const claimed = await trx('idempotency_key')
          .insert({ actor: principal.id, key: idempotencyKey, request_hash: requestHash, status_code: 0, response: '{}' })
          .onConflict(['actor', 'key']).ignore().returning('key');
        if (claimed.length === 0) {
          const replay = await this.idempotentReplay(principal.id, idempotencyKey, requestHash, trx);
          if (replay) return { status: 200 as const, receipt: replay };
        }
      }
      const id = randomUUID();
      const number = formatApplicationNumber(handlingRegion.code, now, await nextApplicationSequence(trx));
      const row: ApplicationRow = {
        id,
        number,
        item_code: item.code,
        item_version_id: version.id,
        process_id: item.procedure.processId,
        region_code: handlingRegion.code,
        service_point_region_code: servicePoint?.code ?? null,
        department_code: department.code,
        level: handlingRegion.level,
        applicant_kind: applicant.kind,
        applicant_id_number: applicantId,
        applicant_name: applicant.name,
        applicant: applicant as unknown as Record<string, unknown>,
        submitted_by: principal.id,
        channel: submission.channel,
        form_data: form.data,
        status: 'active',
        stage: 'submit',
        result: null,
        submitted_at: now,
        accepted_at: null,
        due_at: dueAt,
        closed_at: null,
        state: {} as InstanceState,
        rev: 0,
        event_seq: 0,
        event_hash: GENESIS_HASH,
        parent_application_id: null,
        parent_call_id: null,
        updated_at: now,
      };
      await trx('application').insert({
        ...row,
        applicant: JSON.stringify(row.applicant),
        form_data: JSON.stringify(row.form_data),
        state: '{}',
      });
      const materialRowsToInsert = materialRows(id, materials, 0, now);
      if (materialRowsToInsert.length > 0) await trx('application_material').insert(materialRowsToInsert);
      for (const listener of this.submissionListeners) {
        await listener({ trx, principal, submission, item, application: row, now });
      }
      const variables = {
        ...form.data,
        applicationNumber: number,
        itemCode: item.code,
        regionCode: handlingRegion.code,
        channel: submission.channel,
        applicant: { kind: applicant.kind, name: applicant.name, idNumber: applicantId },
        materials: materials.map((material) => material.materialId),
      };
      const submittedEvent: NewEvent = {
        at: now,
        actor: principal.id,
        kind: 'applicationSubmitted',
        data: {
          number,
          itemCode: item.code,
          itemVersion: version.version,
          channel: submission.channel,
          regionCode: handlingRegion.code,
          ...(servicePoint ? { servicePointRegionCode: servicePoint.code } : {}),
          applicant: { kind: applicant.kind, name: applicant.name, idNumber: applicant.kind === 'person' ? maskResidentId(applicantId) : applicantId },
          materials: materials.map((material) => material.materialId),
          ...(submission.agent ? { agent: { name: submission.agent.name } } : {}),
        },
      };
      const started = await this.execute(trx, row, { type: 'start', processId: item.procedure.processId, variables, actor: principal.id }, principal.id, {
        events: [submittedEvent],
        now,
      });
      const receipt: SubmissionReceipt = {
        id,
        number,
        itemCode: item.code,
        itemVersion: version.version,
        regionCode: handlingRegion.code,
        ...(servicePoint ? { servicePointRegionCode: servicePoint.code } : {}),
        departmentCode: department.code,
        status: started.status,
        stage: started.stage,
        submittedAt: now.toISOString(),
        dueAt: dueAt.toISOString(),
      };
      if (idempotencyKey) {
        await trx('idempotency_key').where({ actor: principal.id, key: idempotencyKey })
          .update({ status_code: 201, response: JSON.stringify(receipt) });
      }
      return { status: 201 as const, receipt };
    });
  }

  private async idempotentReplay(actor: string, key: string, requestHash: string, trx: Knex | Knex.Transaction = this.knex): Promise<SubmissionReceipt | undefined> {
    const row = await trx('idempotency_key').where({ actor, key }).first();
    if (!row) return undefined;
    if (row.request_hash !== requestHash) throw new AppError('TB_REQUEST_IDEMPOTENCY_MISMATCH', { path: '/headers/idempotency-key' });
    if (row.status_code === 0) return undefined;
    return (typeof row.response === 'string' ? JSON.parse(row.response) : row.response) as SubmissionReceipt;
  }

  /** Applicants apply for themselves or their organisation; staff may submit for anyone (assisted, 帮代办). */
  private checkApplicantIdentity(principal: Principal, submission: ApplicationSubmission, now: Date): void {
    const applicant = submission.applicant;
    if (applicant.kind === 'person') {
      const result = validateResidentId(applicant.idNumber, { today: now.toISOString().slice(0, 10) });
      if (!result.ok) throw new AppError('TB_APPLICATION_APPLICANT_INVALID', { params: { reason: result.message }, path: '/applicant/idNumber' });
    } else {
      const result = validateCreditCode(applicant.creditCode);
      if (!result.ok) throw new AppError('TB_APPLICATION_APPLICANT_INVALID', { params: { reason: result.message }, path: '/applicant/creditCode' });
      if (applicant.legalRepresentative) {
        const representative = validateResidentId(applicant.legalRepresentative.idNumber, { today: now.toISOString().slice(0, 10) });
        if (!representative.ok) {
          throw new AppError('TB_APPLICATION_APPLICANT_INVALID', { params: { reason: representative.message }, path: '/applicant/legalRepresentative/idNumber' });
        }
      }
    }
    if (submission.agent) {
      const agent = validateResidentId(submission.agent.idNumber, { today: now.toISOString().slice(0, 10) });
      if (!agent.ok) throw new AppError('TB_APPLICATION_APPLICANT_INVALID', { params: { reason: agent.message }, path: '/agent/idNumber' });
    }
    if (isStaff(principal) || principal.roles.includes('admin')) return;
    const own = applicant.kind === 'person' ? principal.idNumber === applicant.idNumber : principal.creditCode === applicant.creditCode;
    if (!principal.roles.includes('applicant') || !own) throw new AppError('TB_APPLICATION_NOT_APPLICANT', { path: '/applicant' });
  }

  /**
   * The region whose implementation handles an application received in `regionCode`: the region itself when the
   * item is handled at its level, otherwise the nearest ancestor at a level the item is handled at; the receiving
   * region is then the service point (就近办).
   */
  private async competentRegion(item: Item, regionCode: string) {
    const received = await this.region(regionCode);
    if (!received) throw new AppError('TB_REGION_NOT_FOUND', { params: { code: regionCode }, path: '/regionCode' });
    const levels = new Set<string>(item.levels);
    for (const length of [12, 9, 6, 4, 2]) {
      if (regionCode.length < length) continue;
      const code = regionCode.slice(0, length);
      const level = LEVEL_BY_LENGTH[length]!;
      if (!levels.has(level)) continue;
      const region = code === received.code ? received : await this.region(code);
      if (region) return { handlingRegion: region, servicePoint: region.code === received.code ? undefined : received };
    }
    throw new AppError('TB_APPLICATION_REGION_NOT_SERVED', { params: { code: item.code, region: regionCode }, path: '/regionCode' });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Worklist

  /** Claims a task for the caller (签收). */
  async claimTask(principal: Principal, taskId: string): Promise<TaskRow> {
    return this.knex.transaction(async (trx) => {
      const task = await this.lockTask(trx, taskId);
      assertCanActOnTask(principal, task);
      if (task.assignee && task.assignee !== principal.id) throw new AppError('TB_TASK_ASSIGNED_TO_OTHER', { params: { assignee: task.assignee } });
      const now = this.clock();
      await trx('task').where({ id: taskId }).update({ assignee: principal.id, claimed_at: now });
      await this.appendRuntimeEvent(trx, task.application_id, { at: now, actor: principal.id, kind: 'taskClaimed', elementId: task.element_id, data: { taskId } });
      return { ...task, assignee: principal.id, claimed_at: now };
    });
  }

  /** Gives a claimed task back to its candidates. */
  async unclaimTask(principal: Principal, taskId: string): Promise<TaskRow> {
    return this.knex.transaction(async (trx) => {
      const task = await this.lockTask(trx, taskId);
      assertCanActOnTask(principal, task);
      if (task.assignee && task.assignee !== principal.id) throw new AppError('TB_TASK_ASSIGNED_TO_OTHER', { params: { assignee: task.assignee } });
      const now = this.clock();
      await trx('task').where({ id: taskId }).update({ assignee: null, claimed_at: null });
      await this.appendRuntimeEvent(trx, task.application_id, { at: now, actor: principal.id, kind: 'taskUnclaimed', elementId: task.element_id, data: { taskId } });
      return { ...task, assignee: null, claimed_at: null };
    });
  }

  /** Hands a task to a colleague of the same department and region who holds a candidate role (转办). */
  async delegateTask(principal: Principal, taskId: string, userId: string, reason?: string): Promise<TaskRow> {
    return this.knex.transaction(async (trx) => {
      const task = await this.lockTask(trx, taskId);
      assertCanActOnTask(principal, task);
      if (task.assignee && task.assignee !== principal.id) throw new AppError('TB_TASK_ASSIGNED_TO_OTHER', { params: { assignee: task.assignee } });
      const user = await trx('app_user').where({ id: userId }).first();
      const colleague = user && user.department_code === task.department_code && user.region_code === task.region_code
        && (task.candidate_groups.some((group: string) => (user.roles as string[]).includes(group)) || task.candidate_users.includes(userId));
      if (!colleague) {
        throw new AppError('TB_AUTH_OUT_OF_SCOPE', {
          path: '/userId',
          params: { reason: { zh: '只能转给本部门、本地区有办理权限的人员', en: 'the task can only go to a candidate of the same department and region' } },
        });
      }
      const now = this.clock();
      await trx('task').where({ id: taskId }).update({ assignee: userId, claimed_at: now });
      await this.appendRuntimeEvent(trx, task.application_id, {
        at: now, actor: principal.id, kind: 'taskDelegated', elementId: task.element_id, data: { taskId, to: userId, ...(reason ? { reason } : {}) },
      });
      return { ...task, assignee: userId, claimed_at: now };
    });
  }

  /**
   * Completes a task with an outcome and an opinion (审批意见) and the task form's data, validated like intake. The
   * outcome becomes the process variable the gateways route on. Requesting supplementation lists the missing
   * materials, which the applicant is told at once (Art. 32: one notice listing everything).
   */
  async completeTask(principal: Principal, taskId: string, completion: TaskCompletion): Promise<{ task: TaskRow; application: ApplicationRow }> {
    return this.knex.transaction(async (trx) => {
      const task = await this.lockTask(trx, taskId);
      assertCanActOnTask(principal, task);
      if (task.assignee && task.assignee !== principal.id) throw new AppError('TB_TASK_ASSIGNED_TO_OTHER', { params: { assignee: task.assignee } });
      const application = await this.lock(trx, task.application_id);
      ApplicationService.assertActive(application);
      const allowed = allowedOutcomes(task.stage, task.headers);
      const variable = outcomeVariable(task.stage, task.headers);
      const version = await this.versionById(application.item_version_id, trx);
      const item = version!.document;
      const taskForm = task.form_id ? (version!.forms[task.form_id] as FormSchema | undefined) : undefined;
      // The outcome may come on its own or as the task form's outcome field; when both, they must agree.
      const formInput: Record<string, unknown> = { ...(completion.formData ?? {}) };
      const formOutcome = variable ? formInput[variable] : undefined;
      const outcome = completion.outcome ?? (typeof formOutcome === 'string' ? formOutcome : undefined) ?? (allowed.length === 1 ? allowed[0] : undefined);
      if (!outcome || !allowed.includes(outcome)) {
        throw new AppError('TB_TASK_OUTCOME_INVALID', { params: { allowed: allowed.join(', ') }, path: '/outcome' });
      }
      if (variable && formOutcome !== undefined && formOutcome !== outcome) {
        throw new AppError('TB_TASK_OUTCOME_INVALID', { params: { allowed: outcome }, path: `/formData/${variable}` });
      }
      if (variable && taskForm) formInput[variable] = outcome;
      let formData: Record<string, unknown> = {};
      if (taskForm) {
        const checked = validateSubmission(taskForm, formInput, {
          now: this.clock(),
          context: { ...(application.state.variables?.[application.state.rootKey] ?? {}) },
        });
        if (!checked.ok) throw new AppError('TB_TASK_FORM_INVALID', { details: toIssues(checked.errors, '/formData'), path: `/formData${checked.errors[0]?.path ?? ''}` });
        formData = checked.data;
      }
      // The opinion (审批意见): given on its own, or the form's opinion or reason field.
      const opinion = completion.opinion?.trim() || opinionFromForm(formData);
      if (OUTCOMES_NEEDING_OPINION.has(outcome) && !opinion) throw new AppError('TB_TASK_OPINION_REQUIRED', { path: '/opinion' });
      if (outcome === 'supplement') {
        const known = new Set(item.materials.map((material) => material.id));
        const missing = completion.missingMaterials ?? [];
        if (missing.length === 0) throw new AppError('TB_TASK_MISSING_MATERIALS_REQUIRED', { path: '/missingMaterials' });
        const unknown = missing.findIndex((id) => !known.has(id));
        if (unknown >= 0) {
          throw new AppError('TB_TASK_MISSING_MATERIALS_REQUIRED', {
            path: `/missingMaterials/${unknown}`,
            details: [{ path: `/missingMaterials/${unknown}`, code: 'TB_FORM_MATERIAL_UNKNOWN', message: { zh: `材料 ${missing[unknown]} 不在材料清单中`, en: `material ${missing[unknown]} is not in the checklist` }, location: 'body' }],
          });
        }
      }
      const variables: Record<string, unknown> = { ...formData };
      if (variable) variables[variable] = outcome;
      if (outcome === 'supplement') variables.missingMaterialIds = completion.missingMaterials;
      const now = this.clock();
      await trx('task').where({ id: taskId }).update({
        status: 'completed',
        completed_at: now,
        completed_by: principal.id,
        assignee: task.assignee ?? principal.id,
        outcome,
        opinion: opinion || null,
      });
      const event: NewEvent = {
        at: now,
        actor: principal.id,
        kind: 'taskDecided',
        elementId: task.element_id,
        elementType: 'bpmn:UserTask',
        data: {
          taskId,
          name: task.name,
          stage: task.stage,
          outcome,
          ...(opinion ? { opinion } : {}),
          ...(outcome === 'supplement' ? { missingMaterials: completion.missingMaterials } : {}),
          departmentCode: task.department_code,
          regionCode: task.region_code,
          startedAt: task.created_at,
        },
      };
      const patch: Partial<Record<keyof ApplicationRow, unknown>> = {};
      if (task.stage === 'accept' && outcome === 'accept' && !application.accepted_at) patch.accepted_at = now;
      const updated = await this.execute(trx, application, { type: 'completeTask', taskId, variables, actor: principal.id }, principal.id, {
        events: [event],
        patch,
        now,
      });
      return { task: { ...task, status: 'completed', outcome, opinion: opinion || null, completed_by: principal.id, completed_at: now }, application: updated };
    });
  }

  private async lockTask(trx: Knex.Transaction, taskId: string): Promise<TaskRow> {
    const task = (await trx('task').where({ id: taskId }).forUpdate().first()) as TaskRow | undefined;
    if (!task) throw new AppError('TB_TASK_NOT_FOUND', { params: { id: taskId } });
    if (task.status !== 'open') {
      const status = task.status === 'completed' ? { zh: '办理完毕', en: 'completed' } : { zh: '取消', en: 'cancelled' };
      throw new AppError('TB_TASK_NOT_OPEN', { params: { status } });
    }
    return task;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Applicant commands

  /**
   * The applicant hands in supplementary materials (补正): the process, waiting on message `supplement` for this
   * application, resumes. The materials listed as missing must all be given.
   */
  async supplement(principal: Principal, applicationId: string, input: { materials: NonNullable<ApplicationSubmission['materials']>; formData?: Record<string, unknown> }) {
    return this.knex.transaction(async (trx) => {
      const application = await this.lock(trx, applicationId);
      if (!isApplicantOf(principal, application) && !isStaff(principal)) {
        throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '只有申请人可以补正材料', en: 'only the applicant can supplement' } } });
      }
      ApplicationService.assertActive(application);
      const subscription = await trx('subscription')
        .where({ application_id: applicationId, message_name: 'supplement', status: 'open' })
        .first();
      if (!subscription) throw new AppError('TB_APPLICATION_NOT_AWAITING_SUPPLEMENT');
      const variables = (application.state.variables?.[application.state.rootKey] ?? {}) as Record<string, unknown>;
      const missing = Array.isArray(variables.missingMaterialIds) ? (variables.missingMaterialIds as string[]) : [];
      const given = new Set(input.materials.map((material) => material.materialId));
      const notGiven = missing.filter((id) => !given.has(id));
      if (notGiven.length > 0) {
        throw new AppError('TB_APPLICATION_MATERIALS_INVALID', {
          path: `/materials/${notGiven[0]}`,
          details: notGiven.map((id) => ({ path: `/materials/${id}`, code: 'TB_FORM_MATERIAL_MISSING', message: { zh: `缺少补正材料 ${id}`, en: `supplementary material ${id} is missing` }, location: 'body' as const })),
        });
      }
      const stored = new Set<string>(await trx('stored_file').whereIn('sha256', input.materials.flatMap((m) => (m.files ?? []).map((f) => f.fileId))).pluck('sha256'));
      for (const [index, material] of input.materials.entries()) {
        for (const [fileIndex, file] of (material.files ?? []).entries()) {
          if (!stored.has(file.fileId)) throw new AppError('TB_APPLICATION_FILE_NOT_FOUND', { params: { fileId: file.fileId }, path: `/materials/${index}/files/${fileIndex}/fileId` });
        }
      }
      const now = this.clock();
      const round = Number((await trx('application_material').where({ application_id: applicationId }).max({ round: 'round' }).first())?.round ?? 0) + 1;
      const rows = materialRows(applicationId, input.materials, round, now);
      if (rows.length > 0) await trx('application_material').insert(rows);
      return this.execute(trx, application, {
        type: 'correlateMessage',
        subscriptionId: subscription.id,
        variables: { supplementedMaterials: [...given], supplementRound: round, missingMaterialIds: null },
      }, principal.id, {
        events: [{ at: now, actor: principal.id, kind: 'materialsSupplemented', data: { materials: [...given], round } }],
        now,
      });
    });
  }

  /** The applicant withdraws (撤回) an application before its decision; open tasks and jobs end with it. */
  async withdraw(principal: Principal, applicationId: string, reason: string) {
    return this.knex.transaction(async (trx) => {
      const application = await this.lock(trx, applicationId);
      if (!isApplicantOf(principal, application)) {
        throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '只有申请人可以撤回', en: 'only the applicant can withdraw' } } });
      }
      ApplicationService.assertActive(application);
      const decided = await trx('task').where({ application_id: applicationId, stage: 'decide', status: 'completed' }).first('id');
      if (decided) throw new AppError('TB_APPLICATION_NOT_WITHDRAWABLE');
      const now = this.clock();
      return this.execute(trx, application, { type: 'cancel', reason, actor: principal.id }, principal.id, {
        events: [{ at: now, actor: principal.id, kind: 'applicationWithdrawn', data: { reason } }],
        patch: { status: 'withdrawn', result: 'withdrawn' },
        now,
      });
    });
  }

  /** Appends a runtime event (claim, delegation …) to an application's history under its row lock. */
  async appendRuntimeEvent(trx: Knex.Transaction, applicationId: string, event: NewEvent): Promise<void> {
    const application = await this.lock(trx, applicationId);
    const chained = chainEvents(applicationId, { seq: application.event_seq, hash: application.event_hash }, [event]);
    await trx('event').insert(chained.rows);
    await trx('application').where({ id: applicationId }).update({ event_seq: chained.head.seq, event_hash: chained.head.hash, updated_at: event.at });
  }

  /** Whether the principal may see an application (403 otherwise). */
  async assertVisible(principal: Principal, application: ApplicationRow): Promise<void> {
    const hasTaskInScope = principal.departmentCode && principal.regionCode
      ? Boolean(await this.knex('task').where({ application_id: application.id, department_code: principal.departmentCode, region_code: principal.regionCode }).first('id'))
      : false;
    assertCanSeeApplication(principal, application, hasTaskInScope);
  }

  /** A task by id, for the routes. */
  findTask(id: string) {
    return findTask(this.knex, id);
  }

  /** Effects of a step the caller may want to inspect (call activities). */
  static effectsOf(result: { effects: Effect[] }, type: Effect['type']) {
    return result.effects.filter((effect) => effect.type === type);
  }
}
