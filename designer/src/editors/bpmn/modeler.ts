import BpmnModeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import zeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { keepDiModule } from './keep-di';
import { createLintConfig, type LintOptions } from './lint/config';
import { restrictionsModule } from './restrictions';
import { DEFAULT_SUPPORTED_ELEMENTS, PALETTE_ELEMENTS } from './support';
import { translateModule } from './translate';

/** Options of {@link createModeler}. */
export interface ModelerOptions {
  container: HTMLElement;
  propertiesParent: HTMLElement;
  locale: string;
  /** Support keys of what the engine executes; defaults to the engine's documented subset. */
  supportedElements?: readonly string[];
  lint?: LintOptions;
}

/**
 * A bpmn-js Modeler set up for Tongban: zeebe moddle and behaviours, the properties panel with the zeebe
 * provider, bpmnlint with the Tongban rule set, the palette and menus limited to what the engine executes, and
 * the UI translated for the locale.
 */
export function createModeler(options: ModelerOptions): BpmnModeler {
  const supportedElements = options.supportedElements ?? DEFAULT_SUPPORTED_ELEMENTS;
  return new BpmnModeler({
    container: options.container,
    propertiesPanel: { parent: options.propertiesParent },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      zeebeBehaviorsModule,
      lintModule,
      restrictionsModule,
      keepDiModule,
      translateModule(options.locale),
    ],
    moddleExtensions: { zeebe: zeebeModdle },
    linting: {
      active: true,
      bpmnlint: createLintConfig({ supportedElements, ...options.lint }),
    },
    tongban: { paletteElements: PALETTE_ELEMENTS.filter((key) => supportedElements.includes(key)) },
  } as ConstructorParameters<typeof BpmnModeler>[0]);
}

/** Result of {@link importDiagram}: never a thrown error. */
export type ImportOutcome =
  | { ok: true; warnings: string[] }
  | { ok: false; error: string; warnings: string[] };

/**
 * Imports BPMN XML without throwing: bpmn-js reports unknown or dangling references (DI for missing elements,
 * broken `sourceRef`s) as warnings and keeps the rest; a document it cannot read at all is a failed outcome.
 * Everything bpmn-moddle parsed, including elements without DI and foreign extensions, stays in the definitions
 * and is written back on export.
 */
export async function importDiagram(modeler: BpmnModeler, xml: string): Promise<ImportOutcome> {
  try {
    const result = await modeler.importXML(xml);
    return { ok: true, warnings: result.warnings.map((warning) => describeWarning(warning)) };
  } catch (error) {
    const failure = error as Error & { warnings?: unknown[] };
    return { ok: false, error: failure.message, warnings: (failure.warnings ?? []).map(describeWarning) };
  }
}

function describeWarning(warning: unknown): string {
  if (warning && typeof warning === 'object' && 'message' in warning) return String((warning as { message: unknown }).message);
  return String(warning);
}

/** Exports the current diagram as formatted BPMN XML. */
export async function exportXml(modeler: BpmnModeler): Promise<string> {
  const { xml } = await modeler.saveXML({ format: true });
  return xml ?? '';
}
