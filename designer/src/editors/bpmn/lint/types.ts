import type { ModdleElement } from '../moddle';

/** What a rule reports through. */
export interface LintReporter {
  report(id: string, message: string, details?: Record<string, unknown>): void;
}

/** A bpmnlint rule: `check` runs for every element of the model. */
export interface LintRule {
  check: ((node: ModdleElement, reporter: LintReporter) => void)
    | { enter?: (node: ModdleElement, reporter: LintReporter) => boolean | void; leave?: (node: ModdleElement, reporter: LintReporter) => void };
  meta?: { documentation?: { url?: string } };
}

/** A bpmnlint rule factory; bpmnlint passes the rule's configuration. */
export type LintRuleFactory = (config?: Record<string, unknown>) => LintRule;
