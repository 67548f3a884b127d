import type { FieldIssue } from '@tongban/schemas';
import type { ValidationProblem, ValidationReport } from '@/api/items';

/** A problem of the item document, located by a JSON Pointer, from the browser's schema check or the runtime's report. */
export interface EditorIssue extends FieldIssue {
  severity: 'error' | 'warning';
  source: 'local' | 'server';
}

/** The editor tabs a problem belongs to. */
export type ProblemTab = 'elements' | 'materials' | 'procedure' | 'forms';

/**
 * The item document's problems: the schema check run in the browser on every keystroke, plus the runtime's report
 * (references, FEEL variables, forms … what only the runtime can check) where it points into the item document.
 * A problem both found is listed once.
 */
export function mergeIssues(local: readonly FieldIssue[], report: ValidationReport | null): EditorIssue[] {
  const merged: EditorIssue[] = local.map((issue) => ({ ...issue, severity: 'error', source: 'local' }));
  const seen = new Set(merged.map((issue) => `${issue.path}|${issue.code}`));
  for (const problem of report?.problems ?? []) {
    const pointer = itemPointer(problem);
    if (pointer === null) continue;
    const key = `${pointer}|${problem.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push({ path: pointer, code: problem.code, message: problem.message, severity: problem.severity, source: 'server' });
  }
  return merged;
}

/** The JSON Pointer into the item document of a report problem, or `null` when it is about a form or the BPMN. */
export function itemPointer(problem: ValidationProblem): string | null {
  const { location } = problem;
  if (location.kind === 'item' || location.kind === 'material' || location.kind === 'implementation') {
    if (location.pointer !== undefined) return location.pointer;
    if (problem.path.startsWith('/item')) return problem.path.slice('/item'.length);
    return '';
  }
  return null;
}

/** The report's problems of each form, by form id. */
export function problemsByForm(report: ValidationReport | null): Map<string, ValidationProblem[]> {
  const map = new Map<string, ValidationProblem[]>();
  for (const problem of report?.problems ?? []) {
    if (problem.location.kind !== 'form' || !problem.location.formId) continue;
    map.set(problem.location.formId, [...(map.get(problem.location.formId) ?? []), problem]);
  }
  return map;
}

/** The report's problems of the procedure (BPMN elements and flows, or the document). */
export function bpmnProblems(report: ValidationReport | null): ValidationProblem[] {
  return (report?.problems ?? []).filter((problem) => problem.location.kind === 'bpmn');
}

/** Which tab shows a problem of the item document. */
export function tabOfPointer(pointer: string): ProblemTab {
  return pointer === '/materials' || pointer.startsWith('/materials/') ? 'materials' : 'elements';
}

/** Errors and warnings per editor tab, for the badges of the tabs. */
export function tabCounts(issues: readonly EditorIssue[], report: ValidationReport | null): Record<ProblemTab, { errors: number; warnings: number }> {
  const counts: Record<ProblemTab, { errors: number; warnings: number }> = {
    elements: { errors: 0, warnings: 0 },
    materials: { errors: 0, warnings: 0 },
    procedure: { errors: 0, warnings: 0 },
    forms: { errors: 0, warnings: 0 },
  };
  const add = (tab: ProblemTab, severity: 'error' | 'warning') => {
    counts[tab][severity === 'error' ? 'errors' : 'warnings'] += 1;
  };
  for (const issue of issues) add(tabOfPointer(issue.path), issue.severity);
  for (const problem of report?.problems ?? []) {
    if (problem.location.kind === 'bpmn') add('procedure', problem.severity);
    else if (problem.location.kind === 'form') add('forms', problem.severity);
  }
  return counts;
}
