import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Effect } from '@tongban/engine';
import type { WorkingCalendar } from '@tongban/calendar';
import type { Item } from '@tongban/schemas';
import { AppError } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import { isStaff } from '../applications/access';
import { ApplicationService, type StepEvent } from '../applications/service';
import { findApplication, type ApplicationRow } from '../applications/store';
import type { JobHandler } from '../jobs/service';
import { findVersionById } from '../catalogue/store';
import type { SupervisionBus } from './bus';
import { clockProgress, clockTimes, handlingBucket, handlingMillis, limitDaysOf, liveStateAt, stopDuration } from './deadline';
import type { Directory } from './directory';
import { dateOf } from './period';
import type { SupervisionSettings } from './settings';
import {
  JOB_TYPES, addToRollup, cancelSystemJobs, districtOf, endStopRow, extensionsOf, findClock, findTaskClock, insertClock,
  insertExtension, insertStop, insertTaskClock, insertWarning, lockClock, lockExtension, moveLiveCounters, shardOf, notifyApplicant,
  openStopOf, openTaskClocks, reusedLicence, scheduleSystemJob, scheduleSystemJobs, stopsOf, taskClocksOf, updateClock, updateExtension,
  updateTaskClock, warningLevels, warningsOf, type ClockRow, type FigureKey, type StopRow, type TaskClockRow,
} from './store';

/** Chinese names of the suspension kinds of Art. 45 (听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审). */
export const SUSPENSION_LABELS: Record<string, string> = {
  supplementation: '补正材料', hearing: '听证', testing: '检验检测', inspection: '勘验鉴定', quarantine: '检疫',
  'expert-review': '专家评审', tender: '招标', auction: '拍卖',
};

/** Chinese names of the stages (DOMAIN.md). */
export const STAGE_LABELS: Record<string, string> = {
  submit: '申请', accept: '受理', review: '审查', decide: '决定', close: '办结', deliver: '送达',
};

const ONLINE_CHANNELS = new Set(['online', 'mobile']);
const NO_VISIT_CHANNELS = new Set(['online', 'mobile', 'mail']);
const ACCEPT_STAGE = /key="stage"\s+value="accept"/;

/** The calendar store's `get`, reading through `db` when given (a transaction). */
export function calendarIn(applications: ApplicationService, db?: Knex | Knex.Transaction): Promise<WorkingCalendar> {
  const store = applications.calendars as unknown as { get(db?: Knex): Promise<WorkingCalendar> };
  return db ? store.get(db as Knex) : store.get();
}

/** The application's clock as the API shows it (`GET /applications/:id/clock`). */
export interface ClockView {
  applicationId: string;
  number: string;
  status: string;
  state: string;
  submittedAt: string;
  receiptDate: string;
  committedTimeLimitDays: number;
  legalTimeLimitDays: number | null;
  extensionDays: number;
  maxExtensionDays: number;
  suspendedWorkingDays: number;
  baseDueAt: string;
  dueAt: string;
  yellowAt: string | null;
  dueCoverage: string;
  progress: { used: number; workingDaysLeft: number; workingHoursLeft: number; overdue: boolean } | null;
  acceptance: { limitDays: number; dueAt: string; decidedAt: string | null; deemedAcceptedAt: string | null };
  closedAt: string | null;
  onTime: boolean | null;
  handlingWorkingDays: number | null;
  suspensions: Array<Record<string, unknown>>;
  extensions: Array<Record<string, unknown>>;
  warnings: Array<Record<string, unknown>>;
  tasks: Array<Record<string, unknown>>;
}

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/**
 * The legal clock of every application (docs/supervision.md): opened at submission, stopped for supplementation
 * and declared suspensions, extended by approved extensions, closed with the case; stage clocks of tasks; the
 * deadline warnings and the deemed acceptance as system jobs; the live counters and rollups that feed the figures.
 * Everything runs inside the transaction of the command that causes it.
 */
export class SupervisionService {
  private readonly versions = new Map<number, { item: Item; hasAcceptStage: boolean }>();

  constructor(
    readonly knex: Knex,
    readonly applications: ApplicationService,
    readonly bus: SupervisionBus,
    readonly directory: Directory,
    readonly settings: SupervisionSettings,
  ) {}

  get now(): Date {
    return this.applications.clock();
  }

  /**
   * The working calendar; inside a transaction read through it, never a second pool connection (the pool would
   * starve under load with every connection held by a transaction waiting for another).
   */
  private calendar(db?: Knex | Knex.Transaction): Promise<WorkingCalendar> {
    return calendarIn(this.applications, db);
  }

  /** A published item version's document (immutable, so kept for the process's life; bounded). */
  async versionOf(trx: Knex | Knex.Transaction, versionId: number): Promise<{ item: Item; hasAcceptStage: boolean }> {
    const cached = this.versions.get(versionId);
    if (cached) return cached;
    const version = await findVersionById(trx as Knex, versionId);
    if (!version) throw new AppError('TB_ITEM_NOT_FOUND', { params: { code: String(versionId) } });
    const entry = { item: version.document, hasAcceptStage: ACCEPT_STAGE.test(version.bpmn) };
    if (this.versions.size > 2000) this.versions.delete(this.versions.keys().next().value as number);
    this.versions.set(versionId, entry);
    return entry;
  }

  private keyOf(clock: Pick<ClockRow, 'application_id' | 'department_code' | 'district_code' | 'level' | 'item_code'>): FigureKey {
    return {
      department: clock.department_code, district: clock.district_code, level: clock.level, item: clock.item_code,
      shard: shardOf(clock.application_id),
    };
  }

  private scopeOf(clock: Pick<ClockRow, 'department_code' | 'district_code' | 'region_code'>) {
    return { departmentCode: clock.department_code, districtCode: clock.district_code, regionCode: clock.region_code };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The step listener

  /** Runs after every engine step, in its transaction (registered with `ApplicationService.onStep`). */
  readonly onStep = async (event: StepEvent): Promise<void> => {
    const { trx, command, before, after, effects, actor, now } = event;
    const isChild = Boolean(after.parent_application_id);
    const starting = command.type === 'start' && !isChild;
    const created = effects.filter((effect): effect is Extract<Effect, { type: 'taskCreated' }> => effect.type === 'taskCreated' && Boolean(effect.headers.stage));
    const endedTasks = effects.filter((effect): effect is Extract<Effect, { type: 'taskCancelled' }> => effect.type === 'taskCancelled').map((effect) => effect.taskId);
    const completedTask = command.type === 'completeTask' ? command.taskId : undefined;
    if (completedTask) endedTasks.push(completedTask);
    const supplement = effects.find((effect): effect is Extract<Effect, { type: 'subscriptionOpened' }> => effect.type === 'subscriptionOpened' && effect.messageName === 'supplement');
    const closedSubscriptions = new Set(effects.filter((effect) => effect.type === 'subscriptionClosed').map((effect) => (effect as { subscriptionId: string }).subscriptionId));
    if (command.type === 'correlateMessage') closedSubscriptions.add(command.subscriptionId);
    const closing = before.status === 'active' && after.status !== 'active';
    if (!starting && created.length === 0 && endedTasks.length === 0 && !supplement && closedSubscriptions.size === 0 && !closing) return;

    const calendar = await this.calendar(trx);
    const version = await this.versionOf(trx, after.item_version_id);
    let clock = starting ? await this.openClock(trx, after, version, calendar, now) : isChild ? undefined : await lockClock(trx, after.id);

    for (const taskId of endedTasks) await this.closeTaskClock(trx, after.id, taskId, now);
    if (clock && completedTask && !clock.acceptance_decided_at) {
      const task = await trx('task').where({ id: completedTask }).first('stage');
      if (task?.stage === 'accept') {
        await updateClock(trx, clock.application_id, { acceptance_decided_at: now });
        clock = { ...clock, acceptance_decided_at: now };
        await cancelSystemJobs(trx, clock.application_id, [JOB_TYPES.deemedAcceptance], now);
      }
    }
    if (clock?.stopped_since) {
      const open = await openStopOf(trx, clock.application_id);
      if (open && (closing || (open.subscription_id !== null && closedSubscriptions.has(open.subscription_id)))) {
        clock = await this.endStop(trx, clock, open, now, actor, null, closing);
      }
    }
    if (clock && supplement && !closing) {
      ({ clock } = await this.startStop(trx, clock, { kind: 'supplementation', subscriptionId: supplement.subscriptionId, reason: null, expectedWorkingDays: null, startedBy: actor }, now));
    }
    for (const effect of created) await this.openTaskClock(trx, after, clock, version.item, effect, now, calendar);
    if (clock && closing) await this.closeClock(trx, clock, after, now, calendar);
  };

  /** Opens the clock of a new application: deadline, acceptance limit, counters, jobs. */
  private async openClock(trx: Knex.Transaction, application: ApplicationRow, version: { item: Item; hasAcceptStage: boolean }, calendar: WorkingCalendar, now: Date): Promise<ClockRow> {
    const { item } = version;
    const limitDays = limitDaysOf(calendar, application.submitted_at, application.due_at, item.committedTimeLimitDays);
    const acceptanceDays = item.acceptanceTimeLimitDays ?? this.settings.acceptanceLimitDays;
    const times = clockTimes(calendar, { start: application.submitted_at, limitDays, extensionDays: 0, countedStopMs: 0 }, this.settings.yellowShare);
    const clock: ClockRow = {
      application_id: application.id,
      number: application.number,
      item_code: application.item_code,
      item_version_id: application.item_version_id,
      handling_department_code: application.department_code,
      department_code: await this.directory.rootOf(application.department_code, trx),
      region_code: application.region_code,
      district_code: districtOf(application.region_code),
      level: application.level,
      channel: application.channel,
      submitted_at: application.submitted_at,
      receipt_date: calendar.receiptDate(application.submitted_at),
      limit_days: limitDays,
      legal_limit_days: item.legalTimeLimitDays ?? null,
      extension_days: 0,
      max_extension_days: (item.jointDepartments?.length ?? 0) > 0 ? this.settings.maxJointExtensionDays : this.settings.maxExtensionDays,
      counted_stop_ms: 0,
      stopped_ms: 0,
      stopped_since: null,
      base_due_at: times.baseDueAt,
      due_at: times.dueAt,
      yellow_at: times.yellowAt,
      live_state: liveStateAt(times, now, null),
      acceptance_limit_days: acceptanceDays,
      acceptance_due_at: calendar.addWorkingDays(application.submitted_at, acceptanceDays),
      acceptance_decided_at: null,
      deemed_accepted_at: null,
      status: 'active',
      result: null,
      closed_at: null,
      on_time: null,
      handling_ms: null,
      updated_at: now,
    };
    await insertClock(trx, clock);
    if (!application.due_at || application.due_at.getTime() !== times.dueAt.getTime()) {
      await trx('application').where({ id: application.id }).update({ due_at: times.dueAt });
    }
    await moveLiveCounters(trx, this.keyOf(clock), null, clock.live_state);
    await this.bus.publish(trx, { type: 'figures', ...this.scopeOf(clock), level: clock.level, itemCode: clock.item_code, reason: 'submitted' });
    if (version.hasAcceptStage) {
      await scheduleSystemJob(trx, {
        applicationId: clock.application_id, type: JOB_TYPES.deemedAcceptance, now,
        dueAt: new Date(clock.acceptance_due_at.getTime() + 1), variables: { acceptanceDueAt: clock.acceptance_due_at.toISOString() },
      });
    }
    await this.scheduleWarnings(trx, clock, 'application', { dueAt: clock.due_at, yellowAt: clock.yellow_at }, now, true);
    return clock;
  }

  /**
   * Applies a change to a clock: recomputes the deadline and the yellow instant, the live state, the counters it
   * moves, `application.due_at`, and (unless told not to) the warning jobs.
   */
  private async refresh(trx: Knex.Transaction, clock: ClockRow, patch: Partial<ClockRow>, now: Date, options: { reschedule: boolean; reason?: 'closed' | 'state' }): Promise<ClockRow> {
    const calendar = await this.calendar(trx);
    const next: ClockRow = { ...clock, ...patch };
    const times = clockTimes(calendar, { start: next.submitted_at, limitDays: next.limit_days, extensionDays: next.extension_days, countedStopMs: next.counted_stop_ms }, this.settings.yellowShare);
    next.base_due_at = times.baseDueAt;
    next.due_at = times.dueAt;
    next.yellow_at = times.yellowAt;
    next.live_state = next.closed_at ? 'closed' : liveStateAt(times, now, next.stopped_since);
    next.updated_at = now;
    const { application_id: _id, receipt_date: _receipt, ...columns } = next;
    await updateClock(trx, clock.application_id, columns);
    if (next.due_at.getTime() !== clock.due_at.getTime()) await trx('application').where({ id: clock.application_id }).update({ due_at: next.due_at });
    if (await moveLiveCounters(trx, this.keyOf(next), clock.live_state, next.live_state) || options.reason === 'closed') {
      await this.bus.publish(trx, { type: 'figures', ...this.scopeOf(next), level: next.level, itemCode: next.item_code, reason: options.reason ?? 'state' });
    }
    if (options.reschedule) await this.scheduleWarnings(trx, next, 'application', { dueAt: next.due_at, yellowAt: next.yellow_at }, now);
    return next;
  }

  /**
   * (Re)schedules the yellow and red warning jobs of a target: each at its instant, or at once when the instant
   * has passed and the warning was never recorded. Pending jobs of the target are cancelled first, so a moved
   * deadline leaves no stale job; a stale one that still runs finds its `dueAt` outdated and does nothing.
   */
  private async scheduleWarnings(
    trx: Knex.Transaction, clock: ClockRow, target: string, times: { dueAt: Date; yellowAt: Date | null }, now: Date, fresh = false,
  ): Promise<void> {
    // A target opened in this transaction (a new case, a new task) has no pending job and no recorded warning yet.
    if (!fresh) await cancelSystemJobs(trx, clock.application_id, [JOB_TYPES.warning], now, target);
    if (clock.closed_at || clock.stopped_since) return;
    const recorded = fresh ? new Set<string>() : await warningLevels(trx, clock.application_id, target);
    const variables = { target, dueAt: times.dueAt.toISOString() };
    const jobs: Array<{ dueAt: Date; level: 'yellow' | 'red' }> = [];
    if (times.yellowAt && (times.yellowAt.getTime() > now.getTime() || !recorded.has('yellow'))) jobs.push({ dueAt: later(times.yellowAt, now), level: 'yellow' });
    if (times.dueAt.getTime() >= now.getTime() || !recorded.has('red')) jobs.push({ dueAt: new Date(Math.max(times.dueAt.getTime() + 1, now.getTime())), level: 'red' });
    await scheduleSystemJobs(trx, jobs.map((job) => ({
      applicationId: clock.application_id, type: JOB_TYPES.warning, dueAt: job.dueAt, variables: { ...variables, level: job.level }, now,
    })));
  }

  /** Starts a clock stop (ending one still open first) and freezes the warnings. */
  private async startStop(
    trx: Knex.Transaction,
    clock: ClockRow,
    stop: { kind: string; subscriptionId: string | null; reason: string | null; expectedWorkingDays: number | null; startedBy: string },
    now: Date,
  ): Promise<{ clock: ClockRow; stop: StopRow }> {
    let current = clock;
    if (current.stopped_since) {
      const open = await openStopOf(trx, current.application_id);
      if (open) current = await this.endStop(trx, current, open, now, 'system:supervision', 'superseded by another stop', false);
    }
    const inserted = await insertStop(trx, {
      application_id: current.application_id, started_at: now, kind: stop.kind, subscription_id: stop.subscriptionId, reason: stop.reason,
      expected_working_days: stop.expectedWorkingDays, started_by: stop.startedBy,
    });
    current = await this.refresh(trx, current, { stopped_since: now }, now, { reschedule: false });
    await cancelSystemJobs(trx, current.application_id, [JOB_TYPES.warning], now);
    return { clock: current, stop: inserted };
  }

  /** Ends a clock stop: the deadline (and the open tasks' stage deadlines) move by its counted working days. */
  private async endStop(trx: Knex.Transaction, clock: ClockRow, stop: StopRow, now: Date, endedBy: string, note: string | null, closing: boolean): Promise<ClockRow> {
    const calendar = await this.calendar(trx);
    const { workingMs, countedMs } = stopDuration(calendar, stop.started_at, now);
    await endStopRow(trx, stop.id, { ended_at: now, ended_by: endedBy, end_note: note, working_ms: workingMs, counted_ms: countedMs });
    const next = await this.refresh(trx, clock, {
      stopped_since: null, counted_stop_ms: clock.counted_stop_ms + countedMs, stopped_ms: clock.stopped_ms + workingMs,
    }, now, { reschedule: !closing });
    for (const task of await openTaskClocks(trx, clock.application_id)) {
      const overlap = stopDuration(calendar, later(stop.started_at, task.started_at), now).countedMs;
      const moved = overlap > 0 ? await this.moveTaskClock(trx, task, task.counted_stop_ms + overlap, calendar) : task;
      if (!closing) await this.scheduleWarnings(trx, next, moved.task_id, { dueAt: moved.due_at, yellowAt: moved.yellow_at }, now);
    }
    return next;
  }

  private async moveTaskClock(trx: Knex.Transaction, task: TaskClockRow, countedStopMs: number, calendar: WorkingCalendar): Promise<TaskClockRow> {
    const times = clockTimes(calendar, { start: task.started_at, limitDays: task.limit_days, extensionDays: 0, countedStopMs }, this.settings.yellowShare);
    await updateTaskClock(trx, task.task_id, { counted_stop_ms: countedStopMs, due_at: times.dueAt, yellow_at: times.yellowAt });
    await trx('task').where({ id: task.task_id }).update({ due_at: times.dueAt });
    return { ...task, counted_stop_ms: countedStopMs, due_at: times.dueAt, yellow_at: times.yellowAt };
  }

  /**
   * A task of a stage the item limits (`stageTimeLimitsDays`) gets its own clock; its deadline also becomes the
   * task's `due_at` (the worklist's), replacing a BPMN `dueDate` so that both follow the item.
   */
  private async openTaskClock(trx: Knex.Transaction, application: ApplicationRow, clock: ClockRow | undefined, item: Item, effect: Extract<Effect, { type: 'taskCreated' }>, now: Date, calendar: WorkingCalendar): Promise<void> {
    const stage = effect.headers.stage as keyof NonNullable<Item['stageTimeLimitsDays']>;
    const limitDays = item.stageTimeLimitsDays?.[stage];
    if (limitDays === undefined) return;
    const times = clockTimes(calendar, { start: now, limitDays, extensionDays: 0, countedStopMs: 0 }, this.settings.yellowShare);
    const row: TaskClockRow = {
      task_id: effect.taskId, application_id: application.id, stage, limit_days: limitDays, started_at: now, counted_stop_ms: 0,
      due_at: times.dueAt, yellow_at: times.yellowAt, closed_at: null, on_time: null,
    };
    await insertTaskClock(trx, row);
    await trx('task').where({ id: effect.taskId }).update({ due_at: times.dueAt });
    const owner = clock ?? await lockClock(trx, application.parent_application_id ?? application.id);
    if (owner && !clock) {
      // A called child's task: its warnings belong to the child application, which has no clock of its own.
      await this.scheduleWarnings(trx, { ...owner, application_id: application.id, stopped_since: null, closed_at: null }, effect.taskId, { dueAt: times.dueAt, yellowAt: times.yellowAt }, now, true);
    } else if (owner) {
      await this.scheduleWarnings(trx, owner, effect.taskId, { dueAt: times.dueAt, yellowAt: times.yellowAt }, now, true);
    }
  }

  private async closeTaskClock(trx: Knex.Transaction, applicationId: string, taskId: string, now: Date): Promise<void> {
    const task = await findTaskClock(trx, taskId);
    if (!task || task.closed_at) return;
    await updateTaskClock(trx, taskId, { closed_at: now, on_time: now.getTime() <= new Date(task.due_at).getTime() });
    await cancelSystemJobs(trx, applicationId, [JOB_TYPES.warning], now, taskId);
  }

  /** Closes the clock with the case: on time or late, handling time, the rollups; a late closure records its red warning. */
  private async closeClock(trx: Knex.Transaction, clock: ClockRow, application: ApplicationRow, now: Date, calendar: WorkingCalendar): Promise<void> {
    const completed = application.status === 'completed';
    const onTime = now.getTime() <= clock.due_at.getTime();
    const handlingMs = handlingMillis(calendar, clock.submitted_at, now, clock.stopped_ms);
    await cancelSystemJobs(trx, clock.application_id, [JOB_TYPES.warning, JOB_TYPES.deemedAcceptance], now);
    for (const task of await openTaskClocks(trx, clock.application_id)) await updateTaskClock(trx, task.task_id, { closed_at: now, on_time: now.getTime() <= new Date(task.due_at).getTime() });
    const closed = await this.refresh(trx, clock, {
      closed_at: now, status: application.status, result: application.result, on_time: completed ? onTime : null, handling_ms: handlingMs,
    }, now, { reschedule: false, reason: 'closed' });
    if (completed && !onTime) await this.recordWarning(trx, closed, 'red', null, closed.due_at, now, 'system:supervision');
    const bucket = handlingBucket(handlingMs, calendar.workingDayMillis);
    await addToRollup(trx, this.keyOf(closed), dateOf(now), completed ? {
      closed: 1, on_time: onTime ? 1 : 0, late: onTime ? 0 : 1, handled: 1, handling_days_sum: handlingMs / calendar.workingDayMillis,
      committed_days_sum: closed.limit_days, handling_hist: [...new Array<number>(bucket).fill(0), 1],
      online: ONLINE_CHANNELS.has(closed.channel) ? 1 : 0, no_visit: NO_VISIT_CHANNELS.has(closed.channel) ? 1 : 0,
      licence_reused: (await reusedLicence(trx, closed.application_id)) ? 1 : 0,
    } : { ended: 1 });
  }

  /**
   * Records a warning once (the unique key decides): a row, an event in the application's hash-chained history, a
   * `went overdue` in the rollups for an application's red, and a message on the live stream.
   */
  private async recordWarning(trx: Knex.Transaction, clock: ClockRow, level: 'yellow' | 'red', task: TaskClockRow | null, dueAt: Date, now: Date, actor: string): Promise<void> {
    const target = task ? task.task_id : 'application';
    const applicationId = task ? task.application_id : clock.application_id;
    const row = await insertWarning(trx, {
      application_id: applicationId, target, task_id: task?.task_id ?? null, level, due_at: dueAt, fired_at: now, fired_by: actor,
      department_code: clock.department_code, district_code: clock.district_code, region_code: clock.region_code, item_code: clock.item_code,
    });
    if (!row) return;
    const what = task ? `“${STAGE_LABELS[task.stage] ?? task.stage}”环节` : '办件';
    const name = level === 'yellow' ? `黄色预警：${what}临近办理时限` : `红色预警：${what}已超过办理时限`;
    await this.applications.appendRuntimeEvent(trx, applicationId, {
      at: now, actor, kind: 'deadlineWarning',
      data: { name, level, target: task ? 'task' : 'application', ...(task ? { taskId: task.task_id, stage: task.stage } : {}), dueAt: dueAt.toISOString(), warningId: row.id },
    });
    if (level === 'red' && !task) await addToRollup(trx, this.keyOf(clock), dateOf(now), { went_overdue: 1 });
    await this.bus.publish(trx, {
      type: 'warning', id: row.id, level, target: task ? 'task' : 'application', ...(task ? { taskId: task.task_id } : {}),
      applicationId, number: clock.number, itemCode: clock.item_code, ...this.scopeOf(clock), dueAt: dueAt.toISOString(), firedAt: now.toISOString(),
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // System jobs

  /** `tongban.supervision.warning`: a yellow or red instant has come for the application or one of its tasks. */
  readonly warningJob: JobHandler = async ({ trx, job, application, now }) => {
    const { target, level, dueAt } = job.variables as { target: string; level: 'yellow' | 'red'; dueAt: string };
    const clock = await lockClock(trx, application.parent_application_id ?? application.id);
    if (!clock || clock.closed_at || clock.stopped_since) return { skipped: 'closed or stopped' };
    if (target === 'application') {
      if (clock.due_at.toISOString() !== dueAt) return { skipped: 'stale' };
      if (level === 'yellow' ? !clock.yellow_at || now < clock.yellow_at : now <= clock.due_at) return { skipped: 'early' };
      const refreshed = await this.refresh(trx, clock, {}, now, { reschedule: false });
      await this.recordWarning(trx, refreshed, level, null, refreshed.due_at, now, 'system:supervision');
      return { recorded: level };
    }
    const task = await findTaskClock(trx, target);
    if (!task || task.closed_at || new Date(task.due_at).toISOString() !== dueAt) return { skipped: 'stale' };
    if (level === 'yellow' ? !task.yellow_at || now < task.yellow_at : now <= task.due_at) return { skipped: 'early' };
    await this.recordWarning(trx, clock, level, task, task.due_at, now, 'system:supervision');
    return { recorded: level };
  };

  /**
   * `tongban.supervision.deemed-acceptance`: the acceptance limit has passed (Art. 32). Without an acceptance
   * decision — acceptance, refusal or a supplementation notice — the application counts as accepted on receipt;
   * this is recorded once, in the history and on the live stream.
   */
  readonly deemedAcceptanceJob: JobHandler = async ({ trx, application, now }) => {
    const clock = await lockClock(trx, application.id);
    if (!clock || clock.closed_at || clock.acceptance_decided_at || clock.deemed_accepted_at) return { skipped: true };
    if (now <= clock.acceptance_due_at) return { skipped: 'early' };
    const decided = await trx('task').where({ application_id: application.id, stage: 'accept', status: 'completed' }).orderBy('completed_at').first('completed_at');
    if (decided) {
      await updateClock(trx, clock.application_id, { acceptance_decided_at: decided.completed_at });
      return { skipped: 'decided' };
    }
    await updateClock(trx, clock.application_id, { deemed_accepted_at: now });
    await this.applications.appendRuntimeEvent(trx, application.id, {
      at: now, actor: 'system:supervision', kind: 'deemedAccepted',
      data: {
        name: '视为受理：受理期限内未作出受理决定', basis: '中华人民共和国行政许可法第三十二条', limitDays: clock.acceptance_limit_days,
        acceptanceDueAt: clock.acceptance_due_at.toISOString(), receivedAt: clock.submitted_at.toISOString(),
      },
    });
    await this.bus.publish(trx, { type: 'deemedAccepted', applicationId: application.id, number: clock.number, ...this.scopeOf(clock), at: now.toISOString() });
    return { deemedAccepted: true };
  };

  // ---------------------------------------------------------------------------------------------------------------
  // Staff commands: suspensions (Art. 45) and extensions (Art. 42)

  /** Staff who handle the application: its department and region, or a task of it in theirs. */
  private async assertHandlingStaff(trx: Knex.Transaction, principal: Principal, application: ApplicationRow): Promise<void> {
    if (principal.roles.includes('admin')) return;
    if (!isStaff(principal)) {
      throw new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '仅办理人员可以操作办理时限', en: 'only handling staff can change the clock' } } });
    }
    const ownDepartment = principal.departmentCode === application.department_code && principal.regionCode === application.region_code;
    const hasTask = ownDepartment || Boolean(principal.departmentCode && principal.regionCode && await trx('task')
      .where({ application_id: application.id, department_code: principal.departmentCode, region_code: principal.regionCode }).first('id'));
    if (!hasTask) {
      throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '该办件不由您所在的部门和地区办理', en: 'the application is handled by another department or region' } } });
    }
  }

  private async lockForCommand(trx: Knex.Transaction, principal: Principal, applicationId: string) {
    const application = await this.applications.lock(trx, applicationId);
    await this.assertHandlingStaff(trx, principal, application);
    ApplicationService.assertActive(application);
    const clock = await lockClock(trx, applicationId);
    if (!clock) throw new AppError('TB_SUPERVISION_CLOCK_NOT_FOUND', { params: { id: applicationId } });
    const { item } = await this.versionOf(trx, application.item_version_id);
    return { application, clock, item, itemName: await this.directory.itemName(application.item_code, trx) };
  }

  /**
   * Starts a suspension the item declares (hearing, testing, expert review …: Art. 45) with its reason and expected
   * duration, which the applicant is told. Refused when the clock is already stopped or the deadline has passed.
   */
  async startSuspension(principal: Principal, applicationId: string, input: { kind: string; reason: string; expectedWorkingDays: number }): Promise<StopRow> {
    return this.knex.transaction(async (trx) => {
      const { application, clock, item, itemName } = await this.lockForCommand(trx, principal, applicationId);
      const declared = item.suspensionKinds ?? [];
      if (!(declared as string[]).includes(input.kind)) {
        throw new AppError('TB_SUPERVISION_SUSPENSION_KIND_UNDECLARED', {
          params: { kind: input.kind, declared: declared.length > 0 ? declared.join(', ') : '—' }, path: '/kind',
        });
      }
      const now = this.now;
      if (clock.stopped_since) {
        const open = await openStopOf(trx, applicationId);
        const label = SUSPENSION_LABELS[open?.kind ?? ''] ?? open?.kind ?? '';
        throw new AppError('TB_SUPERVISION_CLOCK_ALREADY_STOPPED', { params: { kind: { zh: label, en: open?.kind ?? '' } } });
      }
      if (now > clock.due_at) throw new AppError('TB_SUPERVISION_DEADLINE_PASSED', { params: { action: { zh: '中止计时', en: 'suspended' } } });
      const { stop } = await this.startStop(trx, clock, {
        kind: input.kind, subscriptionId: null, reason: input.reason, expectedWorkingDays: input.expectedWorkingDays, startedBy: principal.id,
      }, now);
      const label = SUSPENSION_LABELS[input.kind] ?? input.kind;
      await this.applications.appendRuntimeEvent(trx, applicationId, {
        at: now, actor: principal.id, kind: 'clockSuspended',
        data: { name: `中止计时：${label}`, suspensionId: stop.id, suspensionKind: input.kind, reason: input.reason, expectedWorkingDays: input.expectedWorkingDays, basis: '中华人民共和国行政许可法第四十五条' },
      });
      await notifyApplicant(trx, {
        applicationId, recipient: application.applicant_id_number, kind: 'suspension', now, title: '办理时限中止计算',
        body: `您申请的“${itemName}”（办件编号 ${application.number}）因需要${label}，自 ${dateOf(now)} 起中止计算办理时限，预计需要 ${input.expectedWorkingDays} 个工作日。原因：${input.reason}。所需时间不计入办理时限。`,
        data: { number: application.number, suspensionId: stop.id, kind: input.kind, expectedWorkingDays: input.expectedWorkingDays },
      });
      return stop;
    });
  }

  /** Ends a declared suspension; the deadline moves by its working days (rounded up). Supplementation ends only by the applicant's materials. */
  async endSuspension(principal: Principal, applicationId: string, suspensionId: string, note?: string): Promise<{ stop: StopRow; clock: ClockRow }> {
    return this.knex.transaction(async (trx) => {
      const { application, clock, itemName } = await this.lockForCommand(trx, principal, applicationId);
      const stop = (await trx('clock_stop').where({ id: suspensionId, application_id: applicationId }).first()) as StopRow | undefined;
      if (!stop) throw new AppError('TB_SUPERVISION_SUSPENSION_NOT_FOUND', { params: { id: suspensionId } });
      if (stop.ended_at || stop.kind === 'supplementation') throw new AppError('TB_SUPERVISION_SUSPENSION_NOT_OPEN');
      const now = this.now;
      const next = await this.endStop(trx, clock, stop, now, principal.id, note ?? null, false);
      const ended = (await trx('clock_stop').where({ id: suspensionId }).first()) as StopRow;
      const countedDays = Number(ended.counted_ms) / (await this.calendar(trx)).workingDayMillis;
      await this.applications.appendRuntimeEvent(trx, applicationId, {
        at: now, actor: principal.id, kind: 'clockResumed',
        data: { name: `恢复计时：${SUSPENSION_LABELS[stop.kind] ?? stop.kind}结束`, suspensionId, countedWorkingDays: countedDays, dueAt: next.due_at.toISOString(), ...(note ? { note } : {}) },
      });
      await notifyApplicant(trx, {
        applicationId, recipient: application.applicant_id_number, kind: 'resumed', now, title: '办理时限恢复计算',
        body: `您申请的“${itemName}”（办件编号 ${application.number}）${SUSPENSION_LABELS[stop.kind] ?? stop.kind}已结束，办理时限恢复计算，不计入时限 ${countedDays} 个工作日，办结期限为 ${dateOf(next.due_at)}。`,
        data: { number: application.number, suspensionId, dueAt: next.due_at.toISOString() },
      });
      return { stop: { ...ended, working_ms: Number(ended.working_ms), counted_ms: Number(ended.counted_ms) }, clock: next };
    });
  }

  /** Requests an extension of the period (Art. 42); a decider of the department approves or refuses it. */
  async requestExtension(principal: Principal, applicationId: string, input: { days: number; reason: string }) {
    return this.knex.transaction(async (trx) => {
      const { clock } = await this.lockForCommand(trx, principal, applicationId);
      const now = this.now;
      if (now > clock.due_at) throw new AppError('TB_SUPERVISION_DEADLINE_PASSED', { params: { action: { zh: '申请延期', en: 'extended' } } });
      const existing = await extensionsOf(trx, applicationId);
      if (existing.some((extension) => extension.status === 'requested')) throw new AppError('TB_SUPERVISION_EXTENSION_PENDING');
      if (clock.extension_days + input.days > clock.max_extension_days) {
        throw new AppError('TB_SUPERVISION_EXTENSION_LIMIT_EXCEEDED', { params: { max: clock.max_extension_days, used: clock.extension_days }, path: '/days' });
      }
      const row = {
        id: randomUUID(), application_id: applicationId, days: input.days, reason: input.reason, status: 'requested' as const,
        requested_by: principal.id, requested_at: now, decided_by: null, decided_at: null, opinion: null,
      };
      await insertExtension(trx, row);
      await this.applications.appendRuntimeEvent(trx, applicationId, {
        at: now, actor: principal.id, kind: 'extensionRequested', data: { name: `申请延长办理期限 ${input.days} 个工作日`, extensionId: row.id, days: input.days, reason: input.reason },
      });
      return row;
    });
  }

  /**
   * Decides an extension: a decider of the handling department and region, not the requester (four eyes). An
   * approval adds the days to the deadline, within the legal maximum, and the applicant is told why (Art. 42).
   */
  async decideExtension(principal: Principal, applicationId: string, extensionId: string, input: { approve: boolean; opinion: string }) {
    return this.knex.transaction(async (trx) => {
      const application = await this.applications.lock(trx, applicationId);
      const extension = await lockExtension(trx, extensionId);
      if (!extension || extension.application_id !== applicationId) throw new AppError('TB_SUPERVISION_EXTENSION_NOT_FOUND', { params: { id: extensionId } });
      const isAdmin = principal.roles.includes('admin');
      if (!isAdmin && !principal.roles.includes('decider')) {
        throw new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '延期须由负责人（决定人）批准', en: 'an extension is approved by a decider' } } });
      }
      if (!isAdmin && (principal.departmentCode !== application.department_code || principal.regionCode !== application.region_code)) {
        throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '只能审批本部门、本地区办件的延期', en: 'only deciders of the handling department and region decide' } } });
      }
      if (extension.requested_by === principal.id) throw new AppError('TB_SUPERVISION_EXTENSION_SELF_APPROVAL');
      if (extension.status !== 'requested') throw new AppError('TB_SUPERVISION_EXTENSION_DECIDED');
      const now = this.now;
      let clock = await lockClock(trx, applicationId);
      if (!clock) throw new AppError('TB_SUPERVISION_CLOCK_NOT_FOUND', { params: { id: applicationId } });
      if (input.approve) {
        ApplicationService.assertActive(application);
        if (now > clock.due_at) throw new AppError('TB_SUPERVISION_DEADLINE_PASSED', { params: { action: { zh: '批准延期', en: 'extended' } } });
        if (clock.extension_days + extension.days > clock.max_extension_days) {
          throw new AppError('TB_SUPERVISION_EXTENSION_LIMIT_EXCEEDED', { params: { max: clock.max_extension_days, used: clock.extension_days } });
        }
        clock = await this.refresh(trx, clock, { extension_days: clock.extension_days + extension.days }, now, { reschedule: true });
      }
      const status = input.approve ? 'approved' as const : 'refused' as const;
      await updateExtension(trx, extensionId, { status, decided_by: principal.id, decided_at: now, opinion: input.opinion });
      await this.applications.appendRuntimeEvent(trx, applicationId, {
        at: now, actor: principal.id, kind: 'extensionDecided',
        data: {
          name: input.approve ? `批准延长办理期限 ${extension.days} 个工作日` : '不予延长办理期限', extensionId, approved: input.approve,
          days: extension.days, opinion: input.opinion, dueAt: clock.due_at.toISOString(), basis: '中华人民共和国行政许可法第四十二条',
        },
      });
      if (input.approve) {
        await notifyApplicant(trx, {
          applicationId, recipient: application.applicant_id_number, kind: 'extension', now, title: '办理期限延长',
          body: `您申请的“${await this.directory.itemName(application.item_code, trx)}”（办件编号 ${application.number}）经负责人批准延长办理期限 ${extension.days} 个工作日，办结期限为 ${dateOf(clock.due_at)}。理由：${extension.reason}。`,
          data: { number: application.number, extensionId, days: extension.days, dueAt: clock.due_at.toISOString() },
        });
      }
      return { ...extension, status, decided_by: principal.id, decided_at: now, opinion: input.opinion, dueAt: clock.due_at };
    });
  }

  /**
   * After a calendar edit (a holiday added, a provisional year replaced), recomputes the open clocks whose period
   * includes a changed date: receipt day, deadline, yellow instant, acceptance limit, stage deadlines, jobs. Each
   * case in its own short transaction, so the edit never holds many locks at once. Answers how many were redone.
   */
  async recomputeAround(dates: string[]): Promise<number> {
    if (dates.length === 0) return 0;
    const sorted = [...dates].sort();
    const from = new Date(`${sorted[0]}T00:00:00+08:00`);
    const to = new Date(new Date(`${sorted.at(-1)}T00:00:00+08:00`).getTime() + 86_400_000);
    const ids = (await this.knex('application_clock').whereNull('closed_at').where('submitted_at', '<', to)
      .where((w) => w.where('due_at', '>=', from).orWhere('acceptance_due_at', '>=', from)).pluck('application_id')) as string[];
    for (const id of ids) {
      await this.knex.transaction(async (trx) => {
        await this.applications.lock(trx, id);
        const clock = await lockClock(trx, id);
        if (!clock || clock.closed_at) return;
        const calendar = await this.calendar(trx);
        const now = this.now;
        const acceptanceDueAt = calendar.addWorkingDays(clock.submitted_at, clock.acceptance_limit_days);
        await updateClock(trx, id, { receipt_date: calendar.receiptDate(clock.submitted_at), acceptance_due_at: acceptanceDueAt });
        if (acceptanceDueAt.getTime() !== clock.acceptance_due_at.getTime() && !clock.acceptance_decided_at && !clock.deemed_accepted_at) {
          await cancelSystemJobs(trx, id, [JOB_TYPES.deemedAcceptance], now);
          await scheduleSystemJob(trx, { applicationId: id, type: JOB_TYPES.deemedAcceptance, dueAt: new Date(acceptanceDueAt.getTime() + 1), variables: { acceptanceDueAt: acceptanceDueAt.toISOString() }, now });
        }
        const next = await this.refresh(trx, clock, {}, now, { reschedule: true });
        for (const task of await openTaskClocks(trx, id)) {
          const moved = await this.moveTaskClock(trx, task, task.counted_stop_ms, calendar);
          if (!next.stopped_since) await this.scheduleWarnings(trx, next, moved.task_id, { dueAt: moved.due_at, yellowAt: moved.yellow_at }, now);
        }
      });
    }
    return ids.length;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Views

  /** The application's clock with its stops, extensions, warnings and stage clocks, for whoever may see the case. */
  async clockView(principal: Principal, applicationId: string): Promise<ClockView> {
    const application = await findApplication(this.knex, applicationId);
    if (!application) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id: applicationId } });
    await this.applications.assertVisible(principal, application);
    const clock = await findClock(this.knex, applicationId);
    if (!clock) throw new AppError('TB_SUPERVISION_CLOCK_NOT_FOUND', { params: { id: applicationId } });
    const calendar = await this.calendar();
    const [stops, extensions, warnings, tasks] = await Promise.all([
      stopsOf(this.knex, applicationId), extensionsOf(this.knex, applicationId), warningsOf(this.knex, applicationId), taskClocksOf(this.knex, applicationId),
    ]);
    const now = this.now;
    const times = clockTimes(calendar, { start: clock.submitted_at, limitDays: clock.limit_days, extensionDays: clock.extension_days, countedStopMs: clock.counted_stop_ms }, this.settings.yellowShare);
    const progress = clock.closed_at ? null : clockProgress(calendar, times, now, { countedStopMs: clock.counted_stop_ms, openStopSince: clock.stopped_since });
    const dayMs = calendar.workingDayMillis;
    const hours = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;
    return {
      applicationId,
      number: clock.number,
      status: clock.status,
      state: clock.live_state,
      submittedAt: clock.submitted_at.toISOString(),
      receiptDate: clock.receipt_date,
      committedTimeLimitDays: clock.limit_days,
      legalTimeLimitDays: clock.legal_limit_days,
      extensionDays: clock.extension_days,
      maxExtensionDays: clock.max_extension_days,
      suspendedWorkingDays: clock.counted_stop_ms / dayMs,
      baseDueAt: clock.base_due_at.toISOString(),
      dueAt: clock.due_at.toISOString(),
      yellowAt: iso(clock.yellow_at),
      dueCoverage: calendar.coverageOf(clock.due_at),
      progress: progress && {
        used: Math.round(progress.used * 10_000) / 10_000, workingDaysLeft: progress.workingDaysLeft, workingHoursLeft: hours(progress.workingMillisLeft), overdue: progress.overdue,
      },
      acceptance: {
        limitDays: clock.acceptance_limit_days, dueAt: clock.acceptance_due_at.toISOString(), decidedAt: iso(clock.acceptance_decided_at), deemedAcceptedAt: iso(clock.deemed_accepted_at),
      },
      closedAt: iso(clock.closed_at),
      onTime: clock.on_time,
      handlingWorkingDays: clock.handling_ms === null ? null : Math.round((clock.handling_ms / dayMs) * 100) / 100,
      suspensions: stops.map((stop) => {
        const running = stop.ended_at ? null : stopDuration(calendar, stop.started_at, now);
        return {
          id: stop.id, kind: stop.kind, label: SUSPENSION_LABELS[stop.kind] ?? stop.kind, reason: stop.reason, expectedWorkingDays: stop.expected_working_days,
          startedAt: stop.started_at.toISOString(), startedBy: stop.started_by, endedAt: iso(stop.ended_at), endedBy: stop.ended_by,
          workingHours: hours(stop.working_ms ?? running?.workingMs ?? 0), countedWorkingDays: (stop.counted_ms ?? running?.countedMs ?? 0) / dayMs,
          open: !stop.ended_at,
        };
      }),
      extensions: extensions.map((extension) => ({
        id: extension.id, days: extension.days, reason: extension.reason, status: extension.status, requestedBy: extension.requested_by,
        requestedAt: extension.requested_at.toISOString(), decidedBy: extension.decided_by, decidedAt: iso(extension.decided_at), opinion: extension.opinion,
      })),
      warnings: warnings.map((warning) => ({
        id: Number(warning.id), level: warning.level, target: warning.task_id ? 'task' : 'application', taskId: warning.task_id,
        dueAt: warning.due_at.toISOString(), firedAt: warning.fired_at.toISOString(),
      })),
      tasks: tasks.map((task) => ({
        taskId: task.task_id, name: task.name, stage: task.stage, limitDays: task.limit_days, startedAt: task.started_at.toISOString(),
        dueAt: iso(task.due_at), suspendedWorkingDays: task.counted_stop_ms / dayMs, closedAt: iso(task.closed_at), onTime: task.on_time,
      })),
    };
  }
}
