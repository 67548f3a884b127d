import type { Principal } from '../../plugins/auth';
import { AppError } from '../../errors/catalogue';
import type { ApplicationRow, TaskRow } from './store';

const STAFF_ROLES = new Set(['acceptance-clerk', 'reviewer', 'decider', 'clerk']);

/** Whether a principal is a member of staff who handles tasks. */
export const isStaff = (principal: Principal) => principal.roles.some((role) => STAFF_ROLES.has(role));

/** Whether a region code lies within another (the prefix rule of GB/T 2260 and its extensions). */
export const withinRegion = (code: string, ancestor: string | undefined) => Boolean(ancestor) && code.startsWith(ancestor as string);

/** Whether the principal is the application's applicant (the person, or someone acting for the organisation). */
export function isApplicantOf(principal: Principal, application: Pick<ApplicationRow, 'applicant_id_number' | 'submitted_by'>): boolean {
  return application.submitted_by === principal.id
    || (principal.idNumber !== undefined && principal.idNumber === application.applicant_id_number)
    || (principal.creditCode !== undefined && principal.creditCode === application.applicant_id_number);
}

/** Whether a task sits in the principal's department and region. */
export const inTaskScope = (principal: Principal, task: Pick<TaskRow, 'department_code' | 'region_code'>) =>
  principal.departmentCode === task.department_code && principal.regionCode === task.region_code;

/** Whether the principal may act on the task: in scope and a candidate (by group or user) or its assignee. */
export function isCandidate(principal: Principal, task: Pick<TaskRow, 'candidate_groups' | 'candidate_users' | 'assignee'>): boolean {
  return task.assignee === principal.id
    || task.candidate_users.includes(principal.id)
    || task.candidate_groups.some((group) => (principal.roles as string[]).includes(group));
}

/** Refuses (403 with the reason) a principal who may not act on a task. */
export function assertCanActOnTask(principal: Principal, task: TaskRow): void {
  if (!inTaskScope(principal, task)) {
    throw new AppError('TB_AUTH_OUT_OF_SCOPE', {
      params: { reason: { zh: '该任务不属于您所在的部门和地区', en: 'the task belongs to another department or region' } },
    });
  }
  if (!isCandidate(principal, task)) {
    throw new AppError('TB_AUTH_FORBIDDEN', {
      params: { reason: { zh: '您不是该任务的办理人', en: 'you are not a candidate for this task' } },
    });
  }
}

/**
 * Refuses a principal who may not see an application: applicants see their own; staff see those with a task in
 * their department and region (`hasTaskInScope`); supervisors see those of their region; administrators all.
 */
export function assertCanSeeApplication(principal: Principal, application: ApplicationRow, hasTaskInScope: boolean): void {
  if (principal.roles.includes('admin')) return;
  if (isApplicantOf(principal, application)) return;
  if (principal.roles.includes('supervisor') && withinRegion(application.region_code, principal.regionCode)) return;
  if (isStaff(principal) && hasTaskInScope) return;
  if (isStaff(principal) && principal.departmentCode === application.department_code && principal.regionCode === application.region_code) return;
  throw new AppError('TB_AUTH_OUT_OF_SCOPE', {
    params: { reason: { zh: '该办件不在您的数据权限范围内', en: 'the application is outside your scope' } },
  });
}
