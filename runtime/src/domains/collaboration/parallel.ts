import type { Knex } from 'knex';
import type { CompiledProcess } from '@tongban/engine';
import type { ApplicationService, StepEvent } from '../applications/service';
import type { ApplicationRow, TaskRow } from '../applications/store';

/** Outcomes by which a department refuses its part (不予同意). */
export const DENIAL_OUTCOMES = new Set(['deny', 'reject']);

/** Where a parallel branch starts: the splitting gateway (or the multi-instance task itself) and its scope. */
export interface BranchOrigin {
  splitId: string;
  /** The enclosing subprocess, or null at the process level. */
  scopeId: string | null;
}

/**
 * The user tasks that are branches of a parallel approval (并联审批) in a compiled process: the first user task on
 * each outgoing path of a splitting parallel gateway (walking through exclusive gateways, script and service tasks,
 * stopping at joins and ends), and every parallel multi-instance user task. Pure.
 */
export function parallelBranches(process: CompiledProcess): Map<string, BranchOrigin> {
  const branches = new Map<string, BranchOrigin>();
  const { elements, flows } = process;
  for (const element of Object.values(elements)) {
    if (element.kind === 'userTask' && element.multiInstance && !element.multiInstance.sequential) {
      branches.set(element.id, { splitId: element.id, scopeId: element.parentId });
    }
    if (element.kind !== 'parallelGateway' || element.outgoing.length < 2) continue;
    for (const flowId of element.outgoing) {
      const seen = new Set<string>();
      const queue = [flows[flowId]?.targetId];
      while (queue.length > 0) {
        const id = queue.shift();
        if (!id || seen.has(id)) continue;
        seen.add(id);
        const next = elements[id];
        if (!next) continue;
        if (next.kind === 'userTask') {
          if (!branches.has(next.id)) branches.set(next.id, { splitId: element.id, scopeId: element.parentId });
          continue;
        }
        const passable = next.kind === 'exclusiveGateway' || next.kind === 'inclusiveGateway' || next.kind === 'scriptTask'
          || next.kind === 'serviceTask' || next.kind === 'passThroughTask' || next.kind === 'intermediateThrowEvent';
        if (!passable) continue;
        for (const out of next.outgoing) queue.push(flows[out]?.targetId);
      }
    }
  }
  return branches;
}

/** How a branch stands. */
export type BranchState = 'pending' | 'approved' | 'denied' | 'ended';

/** One department's branch as the API shows it (schemas/src/api.ts `parallelBranchesSchema`). */
export interface BranchView {
  taskId: string;
  elementId: string;
  name: string | null;
  splitId: string;
  departmentCode: string;
  departmentName: string | null;
  regionCode: string;
  state: BranchState;
  status: string;
  outcome: string | null;
  opinion: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  createdAt: string;
  dueAt: string | null;
  round: number;
  endedReason: { zh: string; en: string } | null;
}

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** The state of a branch task. */
export function branchState(task: Pick<TaskRow, 'status' | 'outcome'>): BranchState {
  if (task.status === 'open') return 'pending';
  if (task.status === 'cancelled') return 'ended';
  return task.outcome && DENIAL_OUTCOMES.has(task.outcome) ? 'denied' : 'approved';
}

/** The overall state of the newest round of branches. */
export function overallState(states: readonly BranchState[]): 'not-started' | 'in-progress' | 'approved' | 'denied' | 'ended' {
  if (states.length === 0) return 'not-started';
  if (states.includes('denied')) return 'denied';
  if (states.includes('pending')) return 'in-progress';
  if (states.every((state) => state === 'approved')) return 'approved';
  return 'ended';
}

/**
 * Parallel approval (并联审批): each department's branch of an application with its status, outcome, opinion, who
 * decided and when, and — when another department's denial (or a withdrawal) ended it — why.
 */
export class ParallelService {
  private readonly branchCache = new Map<string, Map<string, BranchOrigin>>();

  constructor(private readonly applications: ApplicationService) {}

  /** The branch elements of an application's process (cached per item version and process). */
  async branchesOf(db: Knex, application: Pick<ApplicationRow, 'item_version_id' | 'item_code' | 'process_id'>): Promise<Map<string, BranchOrigin>> {
    const key = `${application.item_version_id}:${application.process_id}`;
    let branches = this.branchCache.get(key);
    if (!branches) {
      const definition = await this.applications.definitionOf(application.item_version_id, application.item_code, db);
      const process = definition.processes.find((entry) => entry.id === application.process_id);
      branches = process ? parallelBranches(process) : new Map();
      if (this.branchCache.size > 2000) this.branchCache.clear();
      this.branchCache.set(key, branches);
    }
    return branches;
  }

  /** The branches of an application, the newest round of each, with the lead department. */
  async view(db: Knex, application: ApplicationRow, options: { showStaffIds: boolean }) {
    const branches = await this.branchesOf(db, application);
    const tasks = branches.size === 0 ? [] : (await db('task').where({ application_id: application.id }).whereIn('element_id', [...branches.keys()]).orderBy('created_at')) as TaskRow[];
    const rounds = new Map<string, number>();
    const newest = new Map<string, TaskRow>();
    for (const task of tasks) {
      rounds.set(task.element_id, (rounds.get(task.element_id) ?? 0) + 1);
      newest.set(task.element_id, task);
    }
    const latest = [...newest.values()];
    const codes = [...new Set([application.department_code, ...latest.map((task) => task.department_code)])];
    const departments = new Map((await db('department').whereIn('code', codes).select('code', 'name') as Array<{ code: string; name: string }>).map((row) => [row.code, row.name]));
    const userIds = [...new Set(latest.flatMap((task) => (task.completed_by ? [task.completed_by] : [])))];
    const users = new Map(userIds.length === 0 ? [] : (await db('app_user').whereIn('id', userIds).select('id', 'name') as Array<{ id: string; name: string }>).map((row) => [row.id, row.name]));
    const reasons = new Map(latest.length === 0 ? [] : (await db('task_end_reason').whereIn('task_id', latest.map((task) => task.id)) as Array<{ task_id: string; reason_zh: string; reason_en: string }>)
      .map((row) => [row.task_id, { zh: row.reason_zh, en: row.reason_en }]));
    const views: BranchView[] = latest.map((task) => ({
      taskId: task.id,
      elementId: task.element_id,
      name: task.name,
      splitId: branches.get(task.element_id)!.splitId,
      departmentCode: task.department_code,
      departmentName: departments.get(task.department_code) ?? null,
      regionCode: task.region_code,
      state: branchState(task),
      status: task.status,
      outcome: task.outcome,
      opinion: task.opinion,
      decidedBy: options.showStaffIds ? task.completed_by : null,
      decidedByName: task.completed_by ? users.get(task.completed_by) ?? null : null,
      decidedAt: task.status === 'completed' ? iso(task.completed_at) : null,
      createdAt: iso(task.created_at) as string,
      dueAt: iso(task.due_at),
      round: rounds.get(task.element_id) ?? 1,
      endedReason: reasons.get(task.id) ?? null,
    }));
    return {
      applicationId: application.id,
      number: application.number,
      leadDepartmentCode: application.department_code,
      leadDepartmentName: departments.get(application.department_code) ?? null,
      state: overallState(views.map((view) => view.state)),
      branches: views,
    };
  }

  /** Why a task ended, when it did without being completed. */
  async endedReason(db: Knex, taskId: string): Promise<{ zh: string; en: string } | null> {
    const row = await db('task_end_reason').where({ task_id: taskId }).first('reason_zh', 'reason_en');
    return row ? { zh: row.reason_zh as string, en: row.reason_en as string } : null;
  }

  /**
   * Records why the tasks a command cancelled ended — another department's denial, a withdrawal, the process
   * moving on — so the staff who held them see it, and appends `parallelApprovalEnded` to the timeline when they
   * were branches of a parallel approval. Runs in the command's transaction.
   */
  readonly onStep = async (event: StepEvent): Promise<void> => {
    const { trx, command, after, effects, now, actor } = event;
    const cancelled = effects.flatMap((effect) => (effect.type === 'taskCancelled' ? [effect.taskId] : []));
    if (cancelled.length === 0) return;
    const ended = (await trx('task').whereIn('id', cancelled).select('id', 'element_id', 'name', 'department_code')) as Array<Pick<TaskRow, 'id' | 'element_id' | 'name' | 'department_code'>>;
    if (ended.length === 0) return;
    let cause: Record<string, unknown> = { command: command.type, actor };
    let reason = { zh: '流程已转入其他环节，本任务随之结束', en: 'The process moved on; this task ended with it' };
    if (command.type === 'completeTask') {
      const decided = (await trx('task').where({ id: command.taskId }).first('id', 'name', 'department_code', 'outcome', 'opinion', 'completed_by')) as TaskRow | undefined;
      if (decided) {
        const department = (await trx('department').where({ code: decided.department_code }).first('name'))?.name as string | undefined ?? decided.department_code;
        cause = { ...cause, taskId: decided.id, departmentCode: decided.department_code, outcome: decided.outcome, opinion: decided.opinion, by: decided.completed_by };
        reason = decided.outcome && DENIAL_OUTCOMES.has(decided.outcome)
          ? {
            zh: `${department}对“${decided.name ?? decided.id}”不予同意，并联审批终止${decided.opinion ? `。理由：${decided.opinion}` : ''}`,
            en: `${department} refused "${decided.name ?? decided.id}", which ended the parallel approval${decided.opinion ? `. Reason: ${decided.opinion}` : ''}`,
          }
          : { zh: `${department}办理“${decided.name ?? decided.id}”后流程转入其他环节，本任务随之结束`, en: `${department} completed "${decided.name ?? decided.id}"; the process moved on and this task ended` };
      }
    } else if (command.type === 'cancel') {
      cause = { ...cause, reason: command.reason };
      reason = after.status === 'withdrawn'
        ? { zh: `申请人已撤回申请：${command.reason}`, en: `The applicant withdrew the application: ${command.reason}` }
        : { zh: `办件已终止：${command.reason}`, en: `The application was ended: ${command.reason}` };
    }
    await trx('task_end_reason').insert(ended.map((task) => ({
      task_id: task.id, application_id: after.id, reason_zh: reason.zh, reason_en: reason.en, cause: JSON.stringify(cause), created_at: now,
    }))).onConflict('task_id').ignore();
    const branches = await this.branchesOf(trx, after);
    const endedBranches = ended.filter((task) => branches.has(task.element_id));
    if (endedBranches.length === 0) return;
    await this.applications.appendRuntimeEvent(trx, after.id, {
      at: now, actor, kind: 'parallelApprovalEnded',
      data: {
        name: '并联审批终止', opinion: reason.zh, reason,
        ...(typeof cause.departmentCode === 'string' ? { departmentCode: cause.departmentCode } : {}),
        tasks: endedBranches.map((task) => ({ taskId: task.id, name: task.name, departmentCode: task.department_code })),
      },
    });
  };
}
