/**
 * Minimal typing of the moddle elements (bpmn-moddle + zeebe-bpmn-moddle) the designer reads. bpmn-js hands out
 * untyped business objects; these types name only what this code touches.
 */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  $instanceOf?(type: string): boolean;
  id?: string;
  name?: string;
  [property: string]: unknown;
}

/** Whether a moddle element is of a type (or a subtype of it). */
export function is(element: ModdleElement | null | undefined, type: string): boolean {
  if (!element) return false;
  return typeof element.$instanceOf === 'function' ? element.$instanceOf(type) : element.$type === type;
}

/** The extension elements of a given type (e.g. `zeebe:TaskHeaders`). */
export function extensionsOf(element: ModdleElement, type: string): ModdleElement[] {
  const extensionElements = element.extensionElements as { values?: ModdleElement[] } | undefined;
  return (extensionElements?.values ?? []).filter((value) => is(value, type));
}

/** The nearest element (itself or an ancestor) that has an id, i.e. what a problem is shown on. */
export function owningElement(element: ModdleElement): ModdleElement {
  let current: ModdleElement | undefined = element;
  while (current) {
    if (typeof current.id === 'string' && !current.$type.startsWith('zeebe:') && current.$type !== 'bpmn:FormalExpression') return current;
    current = current.$parent;
  }
  return element;
}
