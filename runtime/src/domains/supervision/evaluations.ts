import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Evaluation } from '@tongban/schemas';
import { AppError } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import { isApplicantOf, isStaff } from '../applications/access';
import type { ApplicationService } from '../applications/service';
import { findApplication, findApplicationByNumber, type ApplicationRow, type TaskRow } from '../applications/store';
import type { JobHandler } from '../jobs/service';
import type { SupervisionBus } from './bus';
import type { Directory } from './directory';
import {
  evaluationsOf, findEvaluation, findRectification, insertEvaluation, insertRectification, lockRectification, rectificationOfEvaluation,
  searchEvaluations, searchRectifications, updateRectification, type EvaluationRow, type RectificationRow,
} from './evaluation-store';
import { inScope, supervisionScope, type SupervisionScope } from './monitoring';
import { dateOf } from './period';
import { STAGE_LABELS, calendarIn } from './service';
import type { SupervisionSettings } from './settings';
import { JOB_TYPES, addToRollup, districtOf, scheduleSystemJob, shardOf } from './store';

/** The national five grades (GB/T 39734-2020), with the rollup column each counts in. */
export const GRADES = {
  'very-satisfied': { label: '非常满意', column: 'grade_very_satisfied', bad: false },
  satisfied: { label: '满意', column: 'grade_satisfied', bad: false },
  'basically-satisfied': { label: '基本满意', column: 'grade_basically_satisfied', bad: false },
  dissatisfied: { label: '不满意', column: 'grade_dissatisfied', bad: true },
  'very-dissatisfied': { label: '非常不满意', column: 'grade_very_dissatisfied', bad: true },
} as const;

/** The level that supervises one above (escalation of a late rectification). */
const LEVEL_ABOVE: Record<string, string> = { village: 'township', township: 'county', county: 'city', city: 'province' };
const levelOfRegion = (code: string) => ({ 2: 'province', 4: 'city', 6: 'county', 9: 'township', 12: 'village' } as Record<number, string>)[code.length] ?? 'city';

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** An evaluation as the API shows it; the applicant does not see which member of staff it names. */
export function evaluationView(row: EvaluationRow & { rectification_id?: string | null; rectification_status?: string | null }, options: { staff: boolean }) {
  return {
    id: row.id,
    applicationId: row.application_id,
    applicationNumber: row.application_number,
    stage: row.stage,
    taskId: row.task_id,
    grade: row.grade,
    gradeLabel: GRADES[row.grade as keyof typeof GRADES]?.label ?? row.grade,
    tags: row.tags ?? [],
    comment: row.comment,
    channel: row.channel,
    evaluatedAt: iso(row.evaluated_at) as string,
    ...(options.staff ? { staffId: row.staff_id } : {}),
    departmentCode: row.department_code,
    handlingDepartmentCode: row.handling_department_code,
    regionCode: row.region_code,
    itemCode: row.item_code,
    rectificationId: row.rectification_id ?? null,
    rectificationStatus: row.rectification_status ?? null,
  };
}

/** A rectification as the API shows it. */
export function rectificationView(row: RectificationRow & Partial<{ grade: string; stage: string; comment: string | null; application_number: string; staff_id: string | null; item_code: string }>, now: Date) {
  return {
    id: row.id,
    evaluationId: row.evaluation_id,
    applicationId: row.application_id,
    ...(row.application_number ? { applicationNumber: row.application_number } : {}),
    ...(row.grade ? { grade: row.grade, stage: row.stage ?? null, comment: row.comment ?? null, staffId: row.staff_id ?? null, itemCode: row.item_code ?? null } : {}),
    handlingDepartmentCode: row.handling_department_code,
    departmentCode: row.department_code,
    regionCode: row.region_code,
    status: row.status,
    limitDays: row.limit_days,
    dueAt: iso(row.due_at) as string,
    overdue: row.status !== 'closed' && now > row.due_at,
    createdAt: iso(row.created_at) as string,
    escalations: row.escalations,
    escalatedTo: row.escalated_to,
    escalatedAt: iso(row.escalated_at),
    verification: row.verified_at ? { substantiated: row.substantiated, finding: row.finding, by: row.verified_by, at: iso(row.verified_at) } : null,
    rectification: row.rectified_at ? { measures: row.measures, by: row.rectified_by, at: iso(row.rectified_at) } : null,
    returnVisit: row.visited_at ? { method: row.visit_method, applicantSatisfied: row.applicant_satisfied, note: row.visit_note, by: row.visited_by, at: iso(row.visited_at) } : null,
    outcome: row.closed_at ? { outcome: row.outcome, note: row.close_note, by: row.closed_by, at: iso(row.closed_at), onTime: row.on_time } : null,
  };
}

/**
 * 好差评 (国办发〔2019〕51号): the applicant grades a service step or the closed case once per stage, through any
 * channel; a bad grade opens a rectification (整改) for the responsible department — verification, rectification,
 * a return visit (回访) and an outcome within a deadline in working days — which escalates to the supervisors one
 * level up while it stays open past its deadline. Every step is in the application's hash-chained history.
 */
export class EvaluationService {
  constructor(
    private readonly knex: Knex,
    private readonly applications: ApplicationService,
    private readonly bus: SupervisionBus,
    private readonly directory: Directory,
    private readonly settings: SupervisionSettings,
  ) {}

  private get now(): Date {
    return this.applications.clock();
  }

  /** The step an evaluation grades, and who served: the completed task of that stage, or the closure's last step. */
  private async evaluatedStep(trx: Knex.Transaction, application: ApplicationRow, stage: string, taskId: string | undefined): Promise<TaskRow | undefined> {
    const done = (await trx('task').where({ application_id: application.id, status: 'completed' }).orderBy('completed_at', 'desc')) as TaskRow[];
    if (stage === 'close') {
      if (application.status === 'active') throw new AppError('TB_EVALUATION_STAGE_NOT_REACHED', { params: { stage: { zh: STAGE_LABELS.close, en: 'close' } }, path: '/stage' });
      if (taskId) {
        const task = done.find((candidate) => candidate.id === taskId);
        if (!task) throw new AppError('TB_EVALUATION_TASK_MISMATCH', { params: { taskId, stage: { zh: STAGE_LABELS.close, en: 'close' } }, path: '/taskId' });
        return task;
      }
      return done[0];
    }
    if (stage === 'submit') return undefined;
    const ofStage = done.filter((task) => task.stage === stage);
    if (taskId) {
      const task = ofStage.find((candidate) => candidate.id === taskId);
      if (!task) throw new AppError('TB_EVALUATION_TASK_MISMATCH', { params: { taskId, stage: { zh: STAGE_LABELS[stage] ?? stage, en: stage } }, path: '/taskId' });
      return task;
    }
    if (ofStage.length === 0) throw new AppError('TB_EVALUATION_STAGE_NOT_REACHED', { params: { stage: { zh: STAGE_LABELS[stage] ?? stage, en: stage } }, path: '/stage' });
    return ofStage[0];
  }

  /** Records an evaluation (and, for a bad grade, opens its rectification) in one transaction. */
  async evaluate(principal: Principal, input: Evaluation) {
    return this.knex.transaction(async (trx) => {
      const found = await findApplicationByNumber(trx as unknown as Knex, input.applicationNumber);
      if (!found) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id: input.applicationNumber }, path: '/applicationNumber' });
      const application = await this.applications.lock(trx, found.id);
      if (!isApplicantOf(principal, application)) throw new AppError('TB_EVALUATION_NOT_APPLICANT');
      const task = await this.evaluatedStep(trx, application, input.stage, input.taskId);
      const now = this.now;
      const handlingDepartment = task?.department_code ?? application.department_code;
      const regionCode = task?.region_code ?? application.region_code;
      const staffId = task ? task.completed_by : (application.submitted_by !== principal.id ? application.submitted_by : null);
      const row: EvaluationRow = {
        id: randomUUID(), application_id: application.id, application_number: application.number, stage: input.stage, task_id: task?.id ?? null,
        grade: input.grade, tags: [...(input.tags ?? [])], comment: input.comment ?? null, channel: input.channel, evaluated_at: now,
        evaluator_id: principal.id, staff_id: staffId, handling_department_code: handlingDepartment,
        department_code: await this.directory.rootOf(handlingDepartment, trx), region_code: regionCode, district_code: districtOf(regionCode),
        level: task?.level ?? application.level, item_code: application.item_code,
      };
      if (!(await insertEvaluation(trx, row))) {
        throw new AppError('TB_EVALUATION_ALREADY_GIVEN', { params: { stage: { zh: STAGE_LABELS[input.stage] ?? input.stage, en: input.stage } }, path: '/stage' });
      }
      const grade = GRADES[input.grade];
      const key = { department: row.department_code, district: row.district_code, level: row.level, item: row.item_code, shard: shardOf(application.id) };
      await addToRollup(trx, key, dateOf(now), { eval_count: 1, [grade.column]: 1 });
      await this.applications.appendRuntimeEvent(trx, application.id, {
        at: now, actor: principal.id, kind: 'evaluationReceived',
        data: {
          name: `好差评（${STAGE_LABELS[input.stage] ?? input.stage}）：${grade.label}`, evaluationId: row.id, stage: input.stage, grade: input.grade,
          channel: input.channel, ...(task ? { taskId: task.id } : {}), ...(staffId ? { staffId } : {}), departmentCode: handlingDepartment,
        },
      });
      const scope = { departmentCode: row.department_code, districtCode: row.district_code, regionCode };
      await this.bus.publish(trx, { type: 'figures', ...scope, level: row.level, itemCode: row.item_code, reason: 'evaluated' });
      let rectification: RectificationRow | undefined;
      if (grade.bad) rectification = await this.openRectification(trx, row, now);
      return { evaluation: row, rectification };
    });
  }

  private async openRectification(trx: Knex.Transaction, evaluation: EvaluationRow, now: Date): Promise<RectificationRow> {
    const calendar = await calendarIn(this.applications, trx);
    const row: RectificationRow = {
      id: randomUUID(), evaluation_id: evaluation.id, application_id: evaluation.application_id, handling_department_code: evaluation.handling_department_code,
      department_code: evaluation.department_code, region_code: evaluation.region_code, district_code: evaluation.district_code, status: 'open',
      limit_days: this.settings.rectificationDays, due_at: calendar.addWorkingDays(now, this.settings.rectificationDays), created_at: now,
      escalated_to: null, escalations: 0, escalated_at: null, substantiated: null, finding: null, verified_by: null, verified_at: null, measures: null,
      rectified_by: null, rectified_at: null, visit_method: null, applicant_satisfied: null, visit_note: null, visited_by: null, visited_at: null,
      outcome: null, close_note: null, closed_by: null, closed_at: null, on_time: null,
    };
    await insertRectification(trx, row);
    await scheduleSystemJob(trx, { applicationId: row.application_id, type: JOB_TYPES.escalation, dueAt: new Date(row.due_at.getTime() + 1), variables: { rectificationId: row.id }, now });
    await this.applications.appendRuntimeEvent(trx, row.application_id, {
      at: now, actor: 'system:supervision', kind: 'rectificationOpened',
      data: { name: `差评整改：交${await this.directory.departmentName(row.handling_department_code, undefined, trx)}办理，${row.limit_days} 个工作日内完成`, rectificationId: row.id, evaluationId: evaluation.id, departmentCode: row.handling_department_code, dueAt: row.due_at.toISOString() },
    });
    await this.bus.publish(trx, { type: 'rectification', event: 'opened', id: row.id, applicationId: row.application_id, departmentCode: row.department_code, districtCode: row.district_code, regionCode: row.region_code, dueAt: row.due_at.toISOString() });
    return row;
  }

  /** An application's evaluations and the stages its applicant may still grade. */
  async forApplication(principal: Principal, applicationId: string) {
    const application = await findApplication(this.knex, applicationId);
    if (!application) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id: applicationId } });
    await this.applications.assertVisible(principal, application);
    const rows = await evaluationsOf(this.knex, applicationId);
    const given = new Set(rows.map((row) => row.stage));
    const stages = (await this.knex('task').where({ application_id: applicationId, status: 'completed' }).whereNotNull('stage').distinct('stage').pluck('stage')) as string[];
    if (application.status !== 'active') stages.push('close');
    const evaluable = [...new Set(stages)].filter((stage) => !given.has(stage));
    const staff = !isApplicantOf(principal, application);
    const views = [];
    for (const row of rows) {
      const rectification = await rectificationOfEvaluation(this.knex, row.id);
      views.push(evaluationView({ ...row, rectification_id: rectification?.id ?? null, rectification_status: rectification?.status ?? null }, { staff }));
    }
    return { evaluations: views, evaluable };
  }

  /** Evaluations: a supervisor's or department head's scope, or an applicant's own. */
  async search(principal: Principal, query: { department?: string; district?: string; grade?: string; bad?: boolean; from?: Date; to?: Date; limit: number; offset: number }) {
    const grades = query.grade ? [query.grade] : query.bad ? ['dissatisfied', 'very-dissatisfied'] : undefined;
    const ownIds = [principal.idNumber, principal.creditCode].filter((value): value is string => Boolean(value));
    const isSupervisor = principal.roles.some((role) => role === 'admin' || role === 'supervisor' || role === 'decider');
    if (!isSupervisor && ownIds.length === 0) {
      throw new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '仅评价人和督查人员可以查看评价', en: 'evaluations are for their authors and supervisors' } } });
    }
    let filter = {};
    if (isSupervisor) {
      const scope = await supervisionScope(principal, this.directory);
      filter = narrow(scope, query);
    }
    const { total, rows } = await searchEvaluations(this.knex, filter, {
      ...(grades ? { grades } : {}), ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}),
      ...(isSupervisor ? {} : { applicantIds: ownIds }), limit: query.limit, offset: query.offset,
    });
    return { total, items: rows.map((row) => evaluationView(row, { staff: isSupervisor })) };
  }

  /** Rectifications: a supervisor's scope, or the handling department's own (staff of that department and region). */
  async rectifications(principal: Principal, query: { status?: string; overdue?: boolean; department?: string; district?: string; limit: number; offset: number }) {
    const now = this.now;
    const options = {
      ...(query.status ? { statuses: [query.status] } : {}), ...(query.overdue ? { overdueAt: now } : {}), limit: query.limit, offset: query.offset,
    };
    let result;
    if (principal.roles.some((role) => role === 'admin' || role === 'supervisor' || role === 'decider')) {
      result = await searchRectifications(this.knex, narrow(await supervisionScope(principal, this.directory), query), options);
    } else if (isStaff(principal) && principal.departmentCode && principal.regionCode) {
      result = await searchRectifications(this.knex, {}, { ...options, handling: { departmentCode: principal.departmentCode, regionCode: principal.regionCode } });
    } else {
      throw new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '仅责任部门和督查人员可以查看整改', en: 'rectifications are for the responsible department and supervisors' } } });
    }
    return { total: result.total, items: result.rows.map((row) => rectificationView(row, now)) };
  }

  /** Who may do what to a rectification: its handling department's staff, supervisors of its scope, administrators. */
  private async roleOn(principal: Principal, row: RectificationRow, db?: Knex.Transaction): Promise<{ department: boolean; supervisor: boolean }> {
    if (principal.roles.includes('admin')) return { department: true, supervisor: true };
    const department = isStaff(principal) && principal.departmentCode === row.handling_department_code && principal.regionCode === row.region_code;
    let supervisor = false;
    if (principal.roles.includes('supervisor') || principal.roles.includes('decider')) {
      const scope = await supervisionScope(principal, this.directory, db).catch(() => undefined);
      supervisor = Boolean(scope && principal.roles.includes('supervisor') && inScope(scope, { departmentCode: row.department_code, districtCode: row.district_code, regionCode: row.region_code }));
    }
    return { department, supervisor };
  }

  async rectification(principal: Principal, id: string) {
    const row = await findRectification(this.knex, id);
    if (!row) throw new AppError('TB_EVALUATION_RECTIFICATION_NOT_FOUND', { params: { id } });
    const role = await this.roleOn(principal, row);
    const application = await findApplication(this.knex, row.application_id);
    const applicant = application ? isApplicantOf(principal, application) : false;
    if (!role.department && !role.supervisor && !applicant && !(principal.roles.includes('decider') && principal.departmentCode && await this.directory.rootOf(principal.departmentCode) === row.department_code)) {
      throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '该整改单不在您的范围内', en: 'the rectification is outside your scope' } } });
    }
    const evaluation = await findEvaluation(this.knex, row.evaluation_id);
    return rectificationView({ ...row, ...(evaluation ? { grade: evaluation.grade, stage: evaluation.stage, comment: evaluation.comment, application_number: evaluation.application_number, staff_id: applicant ? null : evaluation.staff_id, item_code: evaluation.item_code } : {}) }, this.now);
  }

  /**
   * One step of a rectification, under the application's lock (its history is appended): `verify` (department),
   * `rectify` (department, after a substantiated verification), `returnVisit` (department or supervisor), `close`
   * (supervisor, after the return visit).
   */
  async step(principal: Principal, id: string, step: 'verify' | 'rectify' | 'returnVisit' | 'close', input: Record<string, unknown>) {
    const probe = await findRectification(this.knex, id);
    if (!probe) throw new AppError('TB_EVALUATION_RECTIFICATION_NOT_FOUND', { params: { id } });
    return this.knex.transaction(async (trx) => {
      await this.applications.lock(trx, probe.application_id);
      const row = (await lockRectification(trx, id))!;
      const role = await this.roleOn(principal, row, trx);
      const allowed = step === 'close' ? role.supervisor : step === 'returnVisit' ? role.department || role.supervisor : role.department;
      if (!allowed) {
        throw new AppError('TB_AUTH_FORBIDDEN', {
          params: { reason: step === 'close'
            ? { zh: '整改办结须由督查人员审核', en: 'a supervisor closes a rectification' }
            : { zh: '仅责任部门可以核实和整改', en: 'the responsible department verifies and rectifies' } },
        });
      }
      const ready = {
        verify: row.status === 'open',
        rectify: row.status === 'verified' && row.substantiated === true,
        returnVisit: (row.status === 'verified' && row.substantiated === false) || row.status === 'rectified',
        close: row.status === 'visited',
      }[step];
      const labels = { verify: { zh: '核实', en: 'verified' }, rectify: { zh: '提交整改', en: 'rectified' }, returnVisit: { zh: '回访', en: 'visited' }, close: { zh: '办结', en: 'closed' } };
      const statusLabels: Record<string, { zh: string; en: string }> = {
        open: { zh: '待核实', en: 'open' }, verified: { zh: row.substantiated ? '已核实（属实）' : '已核实（不属实）', en: 'verified' },
        rectified: { zh: '已整改', en: 'rectified' }, visited: { zh: '已回访', en: 'visited' }, closed: { zh: '已办结', en: 'closed' },
      };
      if (!ready) throw new AppError('TB_EVALUATION_RECTIFICATION_STEP_INVALID', { params: { status: statusLabels[row.status], step: labels[step] } });
      const now = this.now;
      let patch: Partial<RectificationRow>;
      let name: string;
      switch (step) {
        case 'verify':
          patch = { status: 'verified', substantiated: Boolean(input.substantiated), finding: String(input.finding), verified_by: principal.id, verified_at: now };
          name = input.substantiated ? '差评核实：情况属实' : '差评核实：情况不属实';
          break;
        case 'rectify':
          patch = { status: 'rectified', measures: String(input.measures), rectified_by: principal.id, rectified_at: now };
          name = '差评整改：已落实整改措施';
          break;
        case 'returnVisit':
          patch = {
            status: 'visited', visit_method: String(input.method), applicant_satisfied: Boolean(input.applicantSatisfied),
            visit_note: (input.note as string | undefined) ?? null, visited_by: principal.id, visited_at: now,
          };
          name = input.applicantSatisfied ? '整改回访：申请人满意' : '整改回访：申请人不满意';
          break;
        default:
          patch = { status: 'closed', outcome: String(input.outcome), close_note: (input.note as string | undefined) ?? null, closed_by: principal.id, closed_at: now, on_time: now <= row.due_at };
          name = `整改办结：${({ resolved: '已解决', unsubstantiated: '经核实不属实', unresolved: '未解决' } as Record<string, string>)[String(input.outcome)] ?? input.outcome}`;
          break;
      }
      await updateRectification(trx, id, patch);
      if (step === 'close') await trx('job').where({ application_id: row.application_id, kind: 'system', job_type: JOB_TYPES.escalation }).whereIn('status', ['ready', 'locked'])
        .whereRaw(`variables->>'rectificationId' = ?`, [id]).update({ status: 'cancelled', completed_at: now, locked_by: null, locked_until: null });
      const kind = { verify: 'rectificationVerified', rectify: 'rectificationRectified', returnVisit: 'rectificationVisited', close: 'rectificationClosed' }[step];
      await this.applications.appendRuntimeEvent(trx, row.application_id, { at: now, actor: principal.id, kind, data: { name, rectificationId: id, ...input } });
      if (step === 'close') {
        await this.bus.publish(trx, { type: 'rectification', event: 'closed', id, applicationId: row.application_id, departmentCode: row.department_code, districtCode: row.district_code, regionCode: row.region_code, dueAt: row.due_at.toISOString() });
      }
      return rectificationView({ ...row, ...patch }, now);
    });
  }

  /**
   * `tongban.evaluation.rectification-escalation`: a rectification still open at its deadline goes to the
   * supervisors one level above the responsible department (county → city → province); it is checked again after
   * another period until it closes or reaches the province.
   */
  readonly escalationJob: JobHandler = async ({ trx, job, application, now }) => {
    const id = String((job.variables as { rectificationId?: string }).rectificationId);
    const row = await lockRectification(trx, id);
    if (!row || row.status === 'closed') return { skipped: true };
    const department = await this.directory.department(row.handling_department_code, trx);
    const from = row.escalated_to ?? department?.level ?? levelOfRegion(row.region_code);
    const to = LEVEL_ABOVE[from];
    if (!to) return { skipped: 'top level' };
    await updateRectification(trx, id, { escalated_to: to, escalations: row.escalations + 1, escalated_at: now });
    await this.applications.appendRuntimeEvent(trx, application.id, {
      at: now, actor: 'system:supervision', kind: 'rectificationEscalated',
      data: { name: `整改逾期未办结，提级至${({ township: '乡镇', county: '县（区）', city: '市', province: '省' } as Record<string, string>)[to]}督查`, rectificationId: id, escalatedTo: to, dueAt: row.due_at.toISOString() },
    });
    await this.bus.publish(trx, {
      type: 'rectification', event: 'escalated', id, applicationId: row.application_id, departmentCode: row.department_code, districtCode: row.district_code,
      regionCode: row.region_code, dueAt: row.due_at.toISOString(), escalatedTo: to,
    });
    if (LEVEL_ABOVE[to]) {
      const calendar = await calendarIn(this.applications, trx);
      await scheduleSystemJob(trx, { applicationId: row.application_id, type: JOB_TYPES.escalation, dueAt: calendar.addWorkingDays(now, row.limit_days), variables: { rectificationId: id }, now });
    }
    return { escalatedTo: to };
  };
}

/** A scope narrowed by a department and district (refusing what lies outside it). */
function narrow(scope: SupervisionScope, query: { department?: string; district?: string }) {
  if (query.district && scope.regionCode && !query.district.startsWith(scope.regionCode)) {
    throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '该地区不在您的督查范围内', en: 'the region is outside your scope' } }, path: '/district' });
  }
  if (query.department && scope.departmentCode && query.department !== scope.departmentCode) {
    throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '该部门不在您的督查范围内', en: 'the department is outside your scope' } }, path: '/department' });
  }
  return { regionPrefix: query.district ?? scope.regionCode, department: scope.departmentCode ?? query.department ?? null };
}
