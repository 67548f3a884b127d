import type { ModdleElement } from './moddle';
import { is } from './moddle';

/**
 * What the Tongban engine executes, as `type` or `type:eventDefinitionType` keys (`bpmn:StartEvent`,
 * `bpmn:BoundaryEvent:bpmn:ErrorEventDefinition`); keys without an event definition mean the "none" variant.
 * Mirrors `@tongban/engine`'s registry (`packages/engine/src/registry.ts` and the triggers each event compiler
 * accepts); the engine does not export it yet, and its deploy report stays the final word.
 */
export const DEFAULT_SUPPORTED_ELEMENTS: readonly string[] = [
  'bpmn:StartEvent',
  'bpmn:StartEvent:bpmn:MessageEventDefinition',
  'bpmn:StartEvent:bpmn:TimerEventDefinition',
  'bpmn:StartEvent:bpmn:SignalEventDefinition',
  // only as the start of an event subprocess; the engine reports it anywhere else
  'bpmn:StartEvent:bpmn:ErrorEventDefinition',
  'bpmn:EndEvent',
  'bpmn:EndEvent:bpmn:MessageEventDefinition',
  'bpmn:EndEvent:bpmn:TerminateEventDefinition',
  'bpmn:EndEvent:bpmn:ErrorEventDefinition',
  'bpmn:IntermediateThrowEvent',
  'bpmn:IntermediateThrowEvent:bpmn:MessageEventDefinition',
  'bpmn:IntermediateThrowEvent:bpmn:LinkEventDefinition',
  'bpmn:IntermediateCatchEvent:bpmn:TimerEventDefinition',
  'bpmn:IntermediateCatchEvent:bpmn:MessageEventDefinition',
  'bpmn:IntermediateCatchEvent:bpmn:LinkEventDefinition',
  'bpmn:BoundaryEvent:bpmn:TimerEventDefinition',
  'bpmn:BoundaryEvent:bpmn:MessageEventDefinition',
  'bpmn:BoundaryEvent:bpmn:ErrorEventDefinition',
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:ScriptTask',
  'bpmn:ReceiveTask',
  'bpmn:SendTask',
  'bpmn:ManualTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:InclusiveGateway',
  'bpmn:EventBasedGateway',
  'bpmn:SubProcess',
  'bpmn:SubProcess:triggeredByEvent',
  'bpmn:CallActivity',
  'bpmn:SequenceFlow',
  'bpmn:MultiInstanceLoopCharacteristics',
];

/**
 * What the palette, context pad and replace menu offer: the part of the engine's subset an item procedure
 * needs (issue #6). Everything else the engine runs still imports, lints clean and exports unchanged.
 */
export const PALETTE_ELEMENTS: readonly string[] = [
  'bpmn:StartEvent',
  'bpmn:StartEvent:bpmn:MessageEventDefinition',
  'bpmn:StartEvent:bpmn:TimerEventDefinition',
  'bpmn:EndEvent',
  'bpmn:EndEvent:bpmn:MessageEventDefinition',
  'bpmn:EndEvent:bpmn:TerminateEventDefinition',
  'bpmn:EndEvent:bpmn:ErrorEventDefinition',
  'bpmn:IntermediateThrowEvent',
  'bpmn:IntermediateCatchEvent:bpmn:TimerEventDefinition',
  'bpmn:IntermediateCatchEvent:bpmn:MessageEventDefinition',
  'bpmn:BoundaryEvent:bpmn:TimerEventDefinition',
  'bpmn:BoundaryEvent:bpmn:MessageEventDefinition',
  'bpmn:BoundaryEvent:bpmn:ErrorEventDefinition',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:ScriptTask',
  'bpmn:ReceiveTask',
  'bpmn:SendTask',
  'bpmn:ManualTask',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:InclusiveGateway',
  'bpmn:EventBasedGateway',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
  'bpmn:SequenceFlow',
];

/** Elements without execution semantics that any model may carry (they are kept, never flagged). */
const NEUTRAL_TYPES = [
  'bpmn:Process', 'bpmn:Collaboration', 'bpmn:Participant', 'bpmn:LaneSet', 'bpmn:Lane', 'bpmn:TextAnnotation',
  'bpmn:Association', 'bpmn:Group', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
  'bpmn:DataInputAssociation', 'bpmn:DataOutputAssociation', 'bpmn:MessageFlow', 'bpmn:Category',
];

/** The support key of a flow element, e.g. `bpmn:BoundaryEvent:bpmn:TimerEventDefinition`. */
export function supportKey(element: ModdleElement): string {
  const definitions = element.eventDefinitions as ModdleElement[] | undefined;
  const first = definitions?.[0];
  return first ? `${element.$type}:${first.$type}` : element.$type;
}

/** Why an element cannot be executed, or `null` when it can (or has no execution semantics). */
export function unsupportedReason(element: ModdleElement, supported: ReadonlySet<string>): string | null {
  if (NEUTRAL_TYPES.some((type) => element.$type === type)) return null;
  if (is(element, 'bpmn:LoopCharacteristics')) return supported.has(element.$type) ? null : element.$type;
  if (!is(element, 'bpmn:FlowElement')) return null;
  if (is(element, 'bpmn:SubProcess') && element.$type === 'bpmn:SubProcess' && element.triggeredByEvent) {
    return supported.has('bpmn:SubProcess:triggeredByEvent') ? null : 'bpmn:SubProcess:triggeredByEvent';
  }
  const definitions = (element.eventDefinitions as ModdleElement[] | undefined) ?? [];
  if (definitions.length > 1) return `${element.$type}:multiple`;
  const key = supportKey(element);
  return supported.has(key) ? null : key;
}

/**
 * Whether a bpmn-js popup or palette target (`{ type, eventDefinitionType, triggeredByEvent, … }`) creates
 * something the engine runs.
 */
export function isSupportedTarget(
  target: { type: string; eventDefinitionType?: string; triggeredByEvent?: boolean; isExpanded?: boolean },
  supported: ReadonlySet<string>,
): boolean {
  if (target.type === 'bpmn:SubProcess' && target.triggeredByEvent) return supported.has('bpmn:SubProcess:triggeredByEvent');
  if (NEUTRAL_TYPES.includes(target.type)) return true;
  const key = target.eventDefinitionType ? `${target.type}:${target.eventDefinitionType}` : target.type;
  return supported.has(key);
}
