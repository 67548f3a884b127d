import { compileDefinition, type CompiledDefinition, type DeployReport } from '@tongban/engine';
import { FEEL_FUNCTION_NAMES } from './context';

/** A procedure that does not compile (publication should have refused it). */
export class ProcedureCompileError extends Error {
  constructor(readonly itemVersionId: number, readonly report: DeployReport) {
    super(`the procedure of item version ${itemVersionId} does not compile: ${report.problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.elementId} ${problem.code}`)
      .join(', ')}`);
    this.name = 'ProcedureCompileError';
  }
}

/**
 * Compiled procedures by item version id. A published version never changes, so its compiled graph is kept for the
 * life of the process (bounded, least recently used out first). Concurrent first uses share one compilation.
 */
export class DefinitionCache {
  private readonly entries = new Map<number, Promise<CompiledDefinition>>();

  constructor(private readonly capacity = 2000) {}

  /** The compiled procedure of a version, compiling `bpmn` on first use. */
  get(itemVersionId: number, bpmn: () => Promise<string> | string): Promise<CompiledDefinition> {
    const cached = this.entries.get(itemVersionId);
    if (cached) {
      this.entries.delete(itemVersionId);
      this.entries.set(itemVersionId, cached);
      return cached;
    }
    const compiled = (async () => {
      const result = await compileDefinition(await bpmn(), { functionNames: [...FEEL_FUNCTION_NAMES] });
      if (!result.ok) throw new ProcedureCompileError(itemVersionId, result.report);
      return result.definition;
    })();
    compiled.catch(() => this.entries.delete(itemVersionId));
    this.entries.set(itemVersionId, compiled);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return compiled;
  }
}
