/**
 * The registry of what the engine executes: each supported BPMN type has a compiler, and each element kind a
 * behaviour. A flow element whose type is not listed here is refused at deploy time.
 */
import type { ElementBehavior, ExecutionHooks } from './behaviors/execution.js';
import { listen } from './behaviors/listeners.js';
import type { ElementCompiler } from './compile/context.js';
import { callActivityBehavior, compileCallActivity } from './containers/call-activity.js';
import { compileEventSubProcess, eventSubProcessBehavior } from './containers/event-sub-process.js';
import { activateBody, advanceBody, collectOutput, storeOutput } from './containers/multi-instance.js';
import { compileSubProcess, subProcessBehavior } from './containers/sub-process.js';
import { boundaryEventBehavior, compileBoundaryEvent } from './events/boundary-event.js';
import { compileEndEvent, endEventBehavior } from './events/end-event.js';
import { compileIntermediateCatchEvent, intermediateCatchEventBehavior } from './events/intermediate-catch-event.js';
import { compileIntermediateThrowEvent, intermediateThrowEventBehavior } from './events/intermediate-throw-event.js';
import { compileStartEvent, startEventBehavior } from './events/start-event.js';
import { compileEventBasedGateway, eventBasedGatewayBehavior } from './gateways/event-based-gateway.js';
import { compileExclusiveGateway, exclusiveGatewayBehavior } from './gateways/exclusive-gateway.js';
import { compileInclusiveGateway, inclusiveGatewayBehavior } from './gateways/inclusive-gateway.js';
import { compileParallelGateway, parallelGatewayBehavior } from './gateways/parallel-gateway.js';
import { compilePassThroughTask, passThroughTaskBehavior } from './tasks/pass-through-task.js';
import { compileReceiveTask, receiveTaskBehavior } from './tasks/receive-task.js';
import { compileScriptTask, scriptTaskBehavior } from './tasks/script-task.js';
import { compileServiceTask, serviceTaskBehavior } from './tasks/service-task.js';
import { compileUserTask, userTaskBehavior } from './tasks/user-task.js';
import type { ElementKind } from './types/definition.js';

/** The compiler of every executed BPMN flow-node type. */
export const ELEMENT_COMPILERS: Readonly<Record<string, ElementCompiler>> = {
  'bpmn:StartEvent': compileStartEvent,
  'bpmn:EndEvent': compileEndEvent,
  'bpmn:IntermediateCatchEvent': compileIntermediateCatchEvent,
  'bpmn:IntermediateThrowEvent': compileIntermediateThrowEvent,
  'bpmn:BoundaryEvent': compileBoundaryEvent,
  'bpmn:UserTask': compileUserTask,
  'bpmn:ServiceTask': compileServiceTask,
  'bpmn:SendTask': compileServiceTask,
  'bpmn:BusinessRuleTask': compileServiceTask,
  'bpmn:ScriptTask': compileScriptTask,
  'bpmn:ReceiveTask': compileReceiveTask,
  'bpmn:ManualTask': compilePassThroughTask,
  'bpmn:Task': compilePassThroughTask,
  'bpmn:ExclusiveGateway': compileExclusiveGateway,
  'bpmn:ParallelGateway': compileParallelGateway,
  'bpmn:InclusiveGateway': compileInclusiveGateway,
  'bpmn:EventBasedGateway': compileEventBasedGateway,
  'bpmn:SubProcess': (element, cx) => (element.triggeredByEvent === true ? compileEventSubProcess(element, cx) : compileSubProcess(element, cx)),
  'bpmn:CallActivity': compileCallActivity,
};

/** Flow elements that carry no behaviour (data), skipped without a problem. */
export const PASSIVE_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:SequenceFlow',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

/** The behaviour of every executable element kind. */
export const ELEMENT_BEHAVIORS: Readonly<Record<Exclude<ElementKind, 'unsupported'>, ElementBehavior>> = {
  startEvent: startEventBehavior,
  endEvent: endEventBehavior,
  intermediateCatchEvent: intermediateCatchEventBehavior,
  intermediateThrowEvent: intermediateThrowEventBehavior,
  boundaryEvent: boundaryEventBehavior,
  userTask: userTaskBehavior,
  serviceTask: serviceTaskBehavior,
  scriptTask: scriptTaskBehavior,
  receiveTask: receiveTaskBehavior,
  passThroughTask: passThroughTaskBehavior,
  exclusiveGateway: exclusiveGatewayBehavior,
  parallelGateway: parallelGatewayBehavior,
  inclusiveGateway: inclusiveGatewayBehavior,
  eventBasedGateway: eventBasedGatewayBehavior,
  subProcess: subProcessBehavior,
  eventSubProcess: eventSubProcessBehavior,
  callActivity: callActivityBehavior,
};

/** The hooks an execution uses, wired from the registry and the containers. */
export const EXECUTION_HOOKS: ExecutionHooks = {
  behavior: (kind) => (kind === 'unsupported' ? undefined : ELEMENT_BEHAVIORS[kind]),
  activateBody,
  advanceBody,
  listen,
  collectOutput,
  storeOutput,
};
