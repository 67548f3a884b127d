/**
 * The staff worklist (工作台) and applications (办件) over `@tongban/client`: tasks, claims, completion with outcome,
 * opinion and task form, the application with its timeline, materials and legal clock, and the collaboration views
 * of issue #9 (the review assistant's findings, the branches of a parallel approval).
 */
import type { ClockView, ParallelBranchesView, ReviewHistoryView, TaskCompletion } from '@tongban/client';
import type { ApplicationList, ApplicationView, TaskCompletionResult, TaskDetail, TaskList, TaskView, Timeline } from '@tongban/schemas';
import { api, isApiError } from './client';

export type { ClockView, ParallelBranchesView, ParallelBranchView, ReviewFindingView, ReviewHistoryView, ReviewReportView, TaskCompletion } from '@tongban/client';
export type { ApplicationView, TaskDetail, TaskView, Timeline, TimelineEntry } from '@tongban/schemas';

/** Filters of the worklist. */
export interface TaskQuery {
  status?: 'open' | 'completed' | 'cancelled';
  stage?: string;
  itemCode?: string;
  assigned?: 'me' | 'unassigned' | 'any';
  limit?: number;
  offset?: number;
}

/** `GET /tasks`: the caller's worklist. */
export function listTasks(query: TaskQuery = {}): Promise<TaskList> {
  return api.tasks.list(query);
}

/** `GET /tasks/:id`: a task with its application, its form and the outcomes it allows. */
export function fetchTask(id: string): Promise<TaskDetail> {
  return api.tasks.get(id);
}

/** `POST /tasks/:id/claim` (签收). */
export function claimTask(id: string): Promise<TaskView> {
  return api.tasks.claim(id);
}

/** `POST /tasks/:id/unclaim`. */
export function unclaimTask(id: string): Promise<TaskView> {
  return api.tasks.unclaim(id);
}

/** `POST /tasks/:id/complete`: outcome, opinion, task form data and, for supplementation, the missing materials. */
export function completeTask(id: string, completion: TaskCompletion): Promise<TaskCompletionResult> {
  return api.tasks.complete(id, completion);
}

/** `POST /tasks/:id/return` (退回) with a reason. */
export function returnTask(id: string, reason: string): Promise<TaskCompletionResult> {
  return api.tasks.return(id, reason);
}

/** `GET /applications`: applications in the caller's scope. */
export function listApplications(query: { status?: string; itemCode?: string; number?: string; limit?: number; offset?: number } = {}): Promise<ApplicationList> {
  return api.applications.list(query);
}

/** `GET /applications/:id`. */
export function fetchApplication(id: string): Promise<ApplicationView> {
  return api.applications.get(id);
}

/** `GET /applications/:id/timeline` (steps, or every event for staff). */
export function fetchTimeline(id: string, detail: 'steps' | 'full' = 'steps'): Promise<Timeline> {
  return api.applications.timeline(id, detail);
}

/** `GET /applications/:id/clock`: the legal clock (deadline, stops, warnings); `null` where the runtime has none. */
export async function fetchClock(id: string): Promise<ClockView | null> {
  return optional(api.applications.clock(id));
}

/**
 * `GET /applications/:id/review`: the review assistant's reports (issue #9); `null` when the runtime does not offer
 * the route (an older runtime) rather than an error.
 */
export async function fetchReview(id: string): Promise<ReviewHistoryView | null> {
  return optional(api.applications.review(id));
}

/** `GET /applications/:id/branches`: the branches of a parallel approval (issue #9); `null` without the route. */
export async function fetchBranches(id: string): Promise<ParallelBranchesView | null> {
  return optional(api.applications.branches(id));
}

/** A route the runtime may not have yet answers 404 with a request-level code: read as "nothing to show". */
async function optional<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (isApiError(error) && error.status === 404 && !error.code.startsWith('TB_APPLICATION')) return null;
    throw error;
  }
}
