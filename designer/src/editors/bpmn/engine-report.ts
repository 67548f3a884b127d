import * as engine from '@tongban/engine';
import { compileDefinition } from '@tongban/engine';

/** One deploy-time problem, as `@tongban/engine`'s `compileDefinition` reports it. */
export interface EngineProblem {
  severity: 'error' | 'warning';
  /** Id of the offending element; empty for document-level problems. */
  elementId: string;
  elementType: string;
  code: string;
  message: { zh: string; en: string };
  processId?: string;
}

/** What publishing would answer for a BPMN document. */
export interface EngineReport {
  ok: boolean;
  problems: EngineProblem[];
}

/** Compiles a BPMN document the way the runtime does at publish time and reports what it found. */
export type DefinitionChecker = (xml: string) => Promise<EngineReport>;

type CompileResult = { ok?: boolean; report?: { problems?: EngineProblem[] }; problems?: EngineProblem[] };

/**
 * The engine's own publish-time check: `@tongban/engine`'s `compileDefinition(xml)`, the same the runtime runs
 * when a version is published, so the designer shows exactly what publishing would refuse.
 */
export function engineChecker(): DefinitionChecker | null {
  return async (xml) => normaliseReport(await compileDefinition(xml, { functionNames: [...RUNTIME_FEEL_FUNCTIONS] }));
}

/**
 * The FEEL functions the runtime provides to models (working-day deadlines over `@tongban/calendar`), so the
 * check does not report them as unknown. Mirrors `FEEL_FUNCTION_NAMES` of the runtime, which the designer may not
 * import; TODO(#6): read them from the runtime API once it publishes them.
 */
export const RUNTIME_FEEL_FUNCTIONS = ['addWorkingDays', 'workingDaysBetween'] as const;

/** Normalises the engine's answer to {@link EngineReport}; a thrown error becomes one document-level problem. */
export function normaliseReport(result: CompileResult): EngineReport {
  const problems = result.report?.problems ?? result.problems ?? [];
  return { ok: result.ok ?? !problems.some((problem) => problem.severity === 'error'), problems };
}

/**
 * The support keys of the engine's registry (`supportedElements`), when the engine exports them; the palette and
 * the `tongban/unsupported-element` rule then follow the engine exactly.
 */
export function engineSupportedElements(): readonly string[] | null {
  const registry = Reflect.get(engine, 'supportedElements') as unknown;
  const list = typeof registry === 'function' ? (registry as () => unknown)() : registry;
  return Array.isArray(list) && list.every((entry) => typeof entry === 'string') ? list : null;
}

/** Groups problems by element id (document-level problems under `''`). */
export function problemsByElement(problems: readonly EngineProblem[]): Map<string, EngineProblem[]> {
  const map = new Map<string, EngineProblem[]>();
  for (const problem of problems) map.set(problem.elementId, [...(map.get(problem.elementId) ?? []), problem]);
  return map;
}
