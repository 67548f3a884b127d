/**
 * What a user task's completion may say, by stage (docs/procedure-conventions.md). A task header `outcomes`
 * (comma-separated) overrides the list; the process variable is the header `outcomeVariable` or `<stage>Outcome`.
 */
export const STAGE_OUTCOMES: Record<string, readonly string[]> = {
  accept: ['accept', 'reject', 'supplement'],
  review: ['pass', 'return', 'deny'],
  decide: ['approve', 'deny', 'return'],
  close: ['done'],
  deliver: ['done'],
};

/** Outcomes that must carry a written opinion (a reason the applicant is told). */
export const OUTCOMES_NEEDING_OPINION = new Set(['reject', 'deny', 'return', 'supplement']);

/** The outcomes a task allows. */
export function allowedOutcomes(stage: string | null, headers: Record<string, string>): readonly string[] {
  if (headers.outcomes) return headers.outcomes.split(',').map((outcome) => outcome.trim()).filter(Boolean);
  return (stage && STAGE_OUTCOMES[stage]) || ['done'];
}

/** The process variable a task's outcome is written to, or undefined when the task has no stage or header. */
export function outcomeVariable(stage: string | null, headers: Record<string, string>): string | undefined {
  if (headers.outcomeVariable) return headers.outcomeVariable;
  return stage ? `${stage}Outcome` : undefined;
}
