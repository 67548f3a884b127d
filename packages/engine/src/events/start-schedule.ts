/** Helpers for the runtime's deploy step: the start events of a definition and when timer starts are due. */
import { evaluateValue, toJsonValue, toTimerText } from '../behaviors/feel.js';
import { formatInstant, offsetWrittenIn, parseInstant, resolveTimerValue } from '../behaviors/time.js';
import type { FeelFunction } from '../types/command.js';
import type { CompiledDefinition, StartEventInfo, TimerDefinition } from '../types/definition.js';
import type { LocalizedMessage } from '../types/report.js';

/**
 * Every start event of the executable processes of a definition: none, message (with its message name), timer
 * (with its definition, see {@link nextTimerDue}) and signal (with its signal name). The runtime subscribes
 * message and signal starts and schedules timer starts when it deploys a version.
 */
export function listStartEvents(definition: CompiledDefinition): StartEventInfo[] {
  return definition.processes.filter((process) => process.executable).flatMap((process) => process.startEvents);
}

/** What {@link nextTimerDue} may use: FEEL functions and variables for `=…` timers, and the wall-clock offset. */
export interface TimerDueContext {
  functions?: Record<string, FeelFunction>;
  variables?: Record<string, unknown>;
  /** Offset from UTC in minutes for month and year arithmetic; default: the offset written in `now`, else 0. */
  utcOffsetMinutes?: number;
}

/** When a timer is next due, or why it cannot be scheduled. */
export type TimerDue =
  | {
      ok: true;
      /** ISO-8601 UTC instant. */
      dueAt: string;
      /** For cycles: occurrences left including this one (`null`: unbounded). Absent for one-shot timers. */
      repetitions?: number | null;
    }
  | { ok: false; code: 'TB_ENGINE_TIMER_INVALID'; message: LocalizedMessage };

/**
 * Computes when a timer is next due after `now` (an ISO instant): a duration counts from `now` (calendar
 * arithmetic for months and years), a date is itself, a cycle `R[n]/[start/]interval` is due at its start when
 * that is later than `now`, else one interval after `now`. FEEL timers (`=…`) are evaluated first; they may give
 * strings or FEEL durations and dates. For a timer start event, call it at deploy time with the deploy instant,
 * then after each firing with the previous `dueAt`, counting `repetitions` down. Pure.
 */
export function nextTimerDue(timer: TimerDefinition, now: string, context: TimerDueContext = {}): TimerDue {
  const invalid = (reason: string): TimerDue => ({
    ok: false,
    code: 'TB_ENGINE_TIMER_INVALID',
    message: { zh: `定时器无法调度：${reason}`, en: `The timer cannot be scheduled: ${reason}` },
  });
  const nowMs = parseInstant(now, 0);
  if (nowMs === null) return invalid(`'${now}' is not an ISO-8601 instant`);
  const utcOffsetMinutes = context.utcOffsetMinutes ?? offsetWrittenIn(now) ?? 0;
  const env = context.functions ? { now, nowMs, utcOffsetMinutes, functions: context.functions } : { now, nowMs, utcOffsetMinutes };
  const outcome = evaluateValue(timer.expression, context.variables ?? {}, env);
  if (!outcome.ok) return invalid(outcome.message);
  const text = toTimerText(outcome.value, utcOffsetMinutes);
  if (text === null) return invalid(`'${timer.expression}' evaluated to ${JSON.stringify(toJsonValue(outcome.value))}`);
  const resolved = resolveTimerValue(timer.kind, text, nowMs, utcOffsetMinutes);
  if (!resolved.ok) return invalid(resolved.reason);
  const due: TimerDue = { ok: true, dueAt: formatInstant(resolved.timer.dueMs) };
  if (resolved.timer.repetitions !== undefined) due.repetitions = resolved.timer.repetitions;
  return due;
}
