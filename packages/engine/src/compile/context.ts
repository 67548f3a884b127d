import type { CompiledElement, ElementKind } from '../types/definition.js';
import type { DeployProblemCode } from '../types/report.js';
import type { ModdleElement } from './moddle.js';

/** What an element compiler may use while reading one element. */
export interface ElementCompileContext {
  processId: string;
  /** The container the element sits in. */
  container: 'process' | 'subProcess' | 'eventSubProcess';
  /** Records a problem on the element being compiled (an error, downgraded in non-executable processes). */
  report(code: DeployProblemCode, detail?: string): void;
  /** Records a warning on the element being compiled. */
  warn(code: DeployProblemCode, detail?: string): void;
}

/** The kind-specific part of a compiled element. */
export type ElementCompilation = Omit<Partial<CompiledElement>, 'id' | 'type' | 'parentId' | 'incoming' | 'outgoing'> & {
  kind: ElementKind;
};

/**
 * Reads one BPMN element into its compiled form. Returns `undefined` when the element cannot be executed (the
 * reason has been reported).
 */
export type ElementCompiler = (element: ModdleElement, cx: ElementCompileContext) => ElementCompilation | undefined;
