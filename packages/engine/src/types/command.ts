import type { Effect } from './effect.js';
import type { InstanceState, StepRejection } from './state.js';

/** A caller-supplied FEEL function (e.g. a working-day calculator backed by the runtime's calendar). */
export type FeelFunction = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Everything {@link step} needs from the outside world. The engine reads no clock and draws no ids of its own:
 * `now` is the instant of the command, `newId` mints task, job, timer, subscription, call and incident ids.
 */
export interface StepContext {
  /** ISO-8601 instant of the command. FEEL `now()` and `today()` evaluate to it. */
  now: string;
  /** Mints a fresh unique id; called once per created task, job, timer, subscription, call and incident. */
  newId: () => string;
  /** FEEL functions provided by the runtime; names must be those passed to `compileDefinition` as `functionNames`. */
  functions?: Record<string, FeelFunction>;
  /**
   * Offset from UTC, in minutes, of the wall clock used for calendar arithmetic (months and years of timer
   * durations, FEEL `today()`). Default: the offset written in `now`, else 0 (UTC). China is `480`.
   */
  utcOffsetMinutes?: number;
}

/** A command to a process instance. Commands other than `start` need the current state. */
export type Command =
  /** `called`: the instance runs for a call activity, so uncaught BPMN errors go back to the caller. */
  | { type: 'start'; processId?: string; startEventId?: string; variables?: Record<string, unknown>; actor?: string; called?: boolean }
  | { type: 'completeTask'; taskId: string; variables?: Record<string, unknown>; actor?: string }
  | { type: 'correlateMessage'; subscriptionId: string; variables?: Record<string, unknown> }
  | { type: 'fireTimer'; timerId: string }
  | { type: 'completeJob'; jobId: string; variables?: Record<string, unknown> }
  /** `retries` is what remains; 0 or less raises an incident. */
  | { type: 'failJob'; jobId: string; retries: number; errorMessage: string }
  | { type: 'throwError'; jobId: string; errorCode: string; errorMessage?: string; variables?: Record<string, unknown> }
  /** The child instance started for `callId` completed with these (root) variables. */
  | { type: 'completeCallActivity'; callId: string; variables?: Record<string, unknown> }
  /** The child instance started for `callId` ended with a BPMN error it did not catch (see `instanceTerminated.error`). */
  | { type: 'throwCallActivityError'; callId: string; errorCode: string; errorMessage?: string; variables?: Record<string, unknown> }
  /** Retry what failed; for job incidents `retries` (default 1) becomes the job's retries. */
  | { type: 'resolveIncident'; incidentId: string; retries?: number }
  /** Sets process-level variables (no propagation, no re-evaluation). */
  | { type: 'setVariables'; variables: Record<string, unknown>; actor?: string }
  | { type: 'cancel'; reason: string; actor?: string };

/** What {@link step} returns for an accepted command. */
export interface StepResult {
  state: InstanceState;
  effects: Effect[];
}

/** The outcome of {@link step}: a result, or a typed rejection when the command does not apply. */
export type StepOutcome = StepResult | StepRejection;
