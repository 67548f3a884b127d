import type { EventTrigger, TimerDefinition } from '../types/definition.js';
import { isExpression } from '../behaviors/feel.js';
import { looksLikeCron, resolveTimerValue } from '../behaviors/time.js';
import type { ElementCompileContext } from './context.js';
import { expressionText, extension, list, one, text, type ModdleElement } from './moddle.js';

const TRIGGER_BY_DEFINITION: Record<string, EventTrigger['kind']> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:TerminateEventDefinition': 'terminate',
};

const DEFINITION_LABEL: Record<string, string> = {
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:CancelEventDefinition': 'cancel',
};

/** The event definitions of an event, resolving `eventDefinitionRef`s. */
function definitionsOf(element: ModdleElement): ModdleElement[] {
  return [...list(element, 'eventDefinitions'), ...list(element, 'eventDefinitionRef')];
}

/**
 * Reads the trigger of an event. `allowed` lists the trigger kinds the engine executes for this element and
 * position; anything else is reported (with `where`, e.g. "intermediate catch event") and gives `undefined`.
 */
export function readTrigger(
  element: ModdleElement,
  cx: ElementCompileContext,
  allowed: ReadonlyArray<EventTrigger['kind']>,
  where: string,
  options: { throwing?: boolean } = {},
): EventTrigger | undefined {
  const definitions = definitionsOf(element);
  if (definitions.length > 1) {
    cx.report('TB_BPMN_UNSUPPORTED_ELEMENT', `${where} with several event definitions (multiple / parallel multiple)`);
    return undefined;
  }
  const definition = definitions[0];
  const kind: EventTrigger['kind'] | undefined = definition ? TRIGGER_BY_DEFINITION[definition.$type] : 'none';
  if (kind === undefined || !allowed.includes(kind)) {
    const label = definition ? (DEFINITION_LABEL[definition.$type] ?? kind ?? definition.$type) : 'none';
    cx.report('TB_BPMN_UNSUPPORTED_ELEMENT', `${label} ${where}`);
    return undefined;
  }
  switch (kind) {
    case 'none':
    case 'terminate':
      return { kind };
    case 'message':
      return readMessage(definition!, cx, options.throwing === true);
    case 'timer':
      return readTimer(definition!, cx, where);
    case 'error': {
      const error = one(definition, 'errorRef');
      const errorCode = text(error, 'errorCode');
      const errorName = text(error, 'name');
      const trigger: EventTrigger = { kind: 'error' };
      if (errorCode !== undefined) trigger.errorCode = errorCode;
      if (errorName !== undefined) trigger.errorName = errorName;
      return trigger;
    }
    case 'signal': {
      const signalName = text(one(definition, 'signalRef'), 'name');
      if (signalName === undefined) {
        cx.report('TB_BPMN_MISSING_SIGNAL');
        return undefined;
      }
      return { kind: 'signal', signalName };
    }
    case 'link': {
      const linkName = text(definition, 'name') ?? text(element, 'name');
      if (linkName === undefined) {
        cx.report('TB_BPMN_LINK_UNRESOLVED', 'the link event has no name');
        return undefined;
      }
      return { kind: 'link', linkName };
    }
  }
}

function readMessage(definition: ModdleElement, cx: ElementCompileContext, throwing: boolean): EventTrigger | undefined {
  const message = one(definition, 'messageRef');
  const messageName = text(message, 'name');
  // Zeebe runs message throw events as jobs: the worker sends the message, so a message reference is optional.
  if (messageName === undefined && throwing) return { kind: 'message', messageName: '' };
  if (messageName === undefined) {
    cx.report('TB_BPMN_MISSING_MESSAGE');
    return undefined;
  }
  const correlationKey = text(extension(message, 'zeebe:Subscription'), 'correlationKey');
  return correlationKey === undefined ? { kind: 'message', messageName } : { kind: 'message', messageName, correlationKey };
}

function readTimer(definition: ModdleElement, cx: ElementCompileContext, where: string): EventTrigger | undefined {
  const candidates: Array<[TimerDefinition['kind'], string | undefined]> = [
    ['date', expressionText(one(definition, 'timeDate'))],
    ['duration', expressionText(one(definition, 'timeDuration'))],
    ['cycle', expressionText(one(definition, 'timeCycle'))],
  ];
  const present = candidates.filter(([, value]) => value !== undefined);
  if (present.length !== 1) {
    cx.report('TB_BPMN_TIMER_INVALID', `${where} needs exactly one of timeDate, timeDuration, timeCycle`);
    return undefined;
  }
  const [kind, expression] = present[0] as [TimerDefinition['kind'], string];
  if (!isExpression(expression)) {
    if (kind === 'cycle' && looksLikeCron(expression)) {
      cx.report('TB_BPMN_UNSUPPORTED_FEATURE', `cron timer cycle '${expression}'; use an ISO-8601 repeating interval R[n]/[start/]duration`);
      return undefined;
    }
    const check = resolveTimerValue(kind, expression, 0, 0);
    if (!check.ok) {
      cx.report('TB_BPMN_TIMER_INVALID', check.reason);
      return undefined;
    }
  }
  return { kind: 'timer', timer: { kind, expression } };
}

/** Narrows a trigger to a message trigger that has a correlation key, reporting when it has none. */
export function requireCorrelationKey(trigger: EventTrigger | undefined, cx: ElementCompileContext): boolean {
  if (trigger?.kind !== 'message') return true;
  if (trigger.correlationKey !== undefined) return true;
  cx.report('TB_BPMN_MISSING_CORRELATION_KEY');
  return false;
}
