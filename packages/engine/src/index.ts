/**
 * `@tongban/engine`: the pure BPMN interpretation core. Compile a BPMN document once per published version
 * ({@link compileDefinition}), then advance instances with {@link step}. No I/O: time, ids and FEEL functions
 * come in through the step context; effects come out as data.
 */
export { compileDefinition, type CompileOptions } from './compile/compile-definition.js';
export { DEPLOY_PROBLEM_CODES } from './compile/problems.js';
export { listStartEvents, nextTimerDue, type TimerDue, type TimerDueContext } from './events/start-schedule.js';
export { ENGINE_REJECTION_CODES } from './rejections.js';
export { isRejection, step } from './step.js';
export { MAX_ACTIVATIONS_PER_STEP } from './behaviors/execution.js';
export type { Command, FeelFunction, StepContext, StepOutcome, StepResult } from './types/command.js';
export {
  COMPILED_DEFINITION_FORMAT,
  type CallSpec,
  type CompiledDefinition,
  type CompiledElement,
  type CompiledFlow,
  type CompiledProcess,
  type ElementKind,
  type EventTrigger,
  type FormReference,
  type JobSpec,
  type MultiInstanceSpec,
  type ScriptSpec,
  type StartEventInfo,
  type StartEventKind,
  type TimerDefinition,
  type UserTaskSpec,
  type VariableMapping,
} from './types/definition.js';
export type { Effect, HistoryEvent, HistoryEventKind } from './types/effect.js';
export type { CompileResult, DeployProblem, DeployProblemCode, DeployReport, LocalizedMessage } from './types/report.js';
export {
  STATE_VERSION,
  type ElementInstance,
  type EngineRejectionCode,
  type IncidentKind,
  type IncidentRetry,
  type InstanceCounters,
  type InstanceState,
  type InstanceStatus,
  type LoopState,
  type OpenCall,
  type OpenIncident,
  type OpenJob,
  type OpenSubscription,
  type OpenTask,
  type OpenTimer,
  type Payload,
  type StepRejection,
  type TriggerRole,
} from './types/state.js';
