import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

/** A flow node as bpmn-moddle reads it (only what the checks use). */
export interface ModdleElement {
  $type: string;
  id: string;
  name?: string;
  flowElements?: ModdleElement[];
  extensionElements?: { values: ModdleExtension[] };
  conditionExpression?: { body: string };
  sourceRef?: ModdleElement;
  targetRef?: ModdleElement;
  default?: ModdleElement;
  eventDefinitions?: { $type: string }[];
  messageRef?: { name: string; extensionElements?: { values: ModdleExtension[] } };
}

/** A zeebe extension element. */
export interface ModdleExtension {
  $type: string;
  type?: string;
  candidateGroups?: string;
  formId?: string;
  dueDate?: string;
  correlationKey?: string;
  values?: { key?: string; value?: string; name?: string }[];
  properties?: { name: string; value: string }[];
}

const moddle = new BpmnModdle({ zeebe });

/** Parses BPMN XML with the zeebe moddle; returns the warnings, the process and every flow element (recursive). */
export async function parseBpmn(xml: string) {
  const { rootElement, warnings } = await moddle.fromXML(xml);
  const definitions = rootElement as unknown as {
    rootElements: ModdleElement[];
    diagrams: { plane: { planeElement: { bpmnElement: ModdleElement }[] } }[];
  };
  const process = definitions.rootElements.find((element) => element.$type === 'bpmn:Process')!;
  const elements: ModdleElement[] = [];
  const walk = (container: ModdleElement) => {
    for (const element of container.flowElements ?? []) {
      elements.push(element);
      walk(element);
    }
  };
  walk(process);
  const diagramIds = new Set(definitions.diagrams.flatMap((d) => d.plane.planeElement.map((e) => e.bpmnElement.id)));
  return { warnings, process, elements, diagramIds };
}

/** The extension of a type on an element, if any. */
export function extensionOf(element: ModdleElement, type: string): ModdleExtension | undefined {
  return element.extensionElements?.values.find((value) => value.$type === type);
}

/** The zeebe task headers of an element as a record. */
export function headersOf(element: ModdleElement): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of extensionOf(element, 'zeebe:TaskHeaders')?.values ?? []) headers[header.key!] = header.value!;
  return headers;
}
