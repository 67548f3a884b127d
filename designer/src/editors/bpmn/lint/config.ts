import conditionalFlows from 'bpmnlint/rules/conditional-flows.js';
import endEventRequired from 'bpmnlint/rules/end-event-required.js';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway.js';
import fakeJoin from 'bpmnlint/rules/fake-join.js';
import labelRequired from 'bpmnlint/rules/label-required.js';
import linkEvent from 'bpmnlint/rules/link-event.js';
import noBpmndi from 'bpmnlint/rules/no-bpmndi.js';
import noDisconnected from 'bpmnlint/rules/no-disconnected.js';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows.js';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork.js';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end.js';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split.js';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event.js';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition.js';
import startEventRequired from 'bpmnlint/rules/start-event-required.js';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event.js';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway.js';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination.js';
import { localizeBuiltIn } from './messages';
import exclusiveGatewayDefault from './rules/exclusive-gateway-default';
import feelSyntax from './rules/feel-syntax';
import stageHeader from './rules/stage-header';
import unsupportedElement from './rules/unsupported-element';
import userTaskCandidateGroups from './rules/user-task-candidate-groups';
import type { LintReporter, LintRule, LintRuleFactory } from './types';

/** Wraps a built-in bpmnlint rule so that it reports in the current lint language. */
function localized(factory: LintRuleFactory): LintRuleFactory {
  return (config) => {
    const rule = factory(config);
    const wrap = (reporter: LintReporter): LintReporter => ({
      report: (id, message, details) => reporter.report(id, localizeBuiltIn(message), details),
    });
    const check = rule.check;
    const wrapped: LintRule['check'] = typeof check === 'function'
      ? (node, reporter) => check(node, wrap(reporter))
      : {
          enter: check.enter && ((node, reporter) => check.enter!(node, wrap(reporter))),
          leave: check.leave && ((node, reporter) => check.leave!(node, wrap(reporter))),
        };
    return { ...rule, check: wrapped };
  };
}

/** Rules by bpmnlint package name, as the resolver hands them out. */
const RULES: Record<string, Record<string, LintRuleFactory>> = {
  bpmnlint: Object.fromEntries(Object.entries({
    'conditional-flows': conditionalFlows,
    'end-event-required': endEventRequired,
    'event-based-gateway': eventBasedGateway,
    'fake-join': fakeJoin,
    'label-required': labelRequired,
    'link-event': linkEvent,
    'no-bpmndi': noBpmndi,
    'no-disconnected': noDisconnected,
    'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
    'no-gateway-join-fork': noGatewayJoinFork,
    'no-implicit-end': noImplicitEnd,
    'no-implicit-split': noImplicitSplit,
    'single-blank-start-event': singleBlankStartEvent,
    'single-event-definition': singleEventDefinition,
    'start-event-required': startEventRequired,
    'sub-process-blank-start-event': subProcessBlankStartEvent,
    'superfluous-gateway': superfluousGateway,
    'superfluous-termination': superfluousTermination,
  }).map(([name, factory]) => [name, localized(factory)])),
  'bpmnlint-plugin-tongban': {
    'exclusive-gateway-default': exclusiveGatewayDefault,
    'feel-syntax': feelSyntax,
    'stage-header': stageHeader,
    'unsupported-element': unsupportedElement,
    'user-task-candidate-groups': userTaskCandidateGroups,
  },
};

/** Severity of a rule in a bpmnlint config. */
export type RuleSetting = 'error' | 'warn' | 'info' | 'off' | ['error' | 'warn' | 'info', Record<string, unknown>];

/** Options of {@link createLintConfig}. */
export interface LintOptions {
  /** Support keys of what the engine executes (its registry), when known. */
  supportedElements?: readonly string[];
  /** Task types that must carry a `stage` header (default: user tasks). */
  stageRequiredFor?: readonly string[];
  /**
   * Whether a missing stage is an error (the item sets stage time limits, so the runtime needs each task's stage)
   * or a warning (default).
   */
  stageRequired?: boolean;
}

/**
 * The designer's bpmnlint configuration, as bpmn-js-bpmnlint takes it (`{ config, resolver }`): the built-in
 * rules that make sense for executable Tongban procedures, plus the Tongban rules. Rules are resolved by import
 * (no bpmnlint-loader, no file system), so the same config runs in the browser and in unit tests.
 */
export function createLintConfig(options: LintOptions = {}): { config: { rules: Record<string, RuleSetting> }; resolver: LintResolver } {
  const rules: Record<string, RuleSetting> = {
    'start-event-required': 'error',
    'end-event-required': 'error',
    'no-disconnected': 'error',
    'no-duplicate-sequence-flows': 'error',
    'single-blank-start-event': 'error',
    'single-event-definition': 'error',
    'event-based-gateway': 'error',
    'link-event': 'error',
    'sub-process-blank-start-event': 'error',
    'no-implicit-split': 'warn',
    'no-implicit-end': 'warn',
    'no-gateway-join-fork': 'warn',
    'fake-join': 'warn',
    'superfluous-gateway': 'warn',
    'superfluous-termination': 'warn',
    'label-required': 'warn',
    'no-bpmndi': 'warn',
    'conditional-flows': 'off',
    'tongban/unsupported-element': ['error', options.supportedElements ? { supported: [...options.supportedElements] } : {}],
    'tongban/user-task-candidate-groups': 'error',
    'tongban/stage-header': [options.stageRequired ? 'error' : 'warn', options.stageRequiredFor ? { requireFor: [...options.stageRequiredFor] } : {}],
    'tongban/exclusive-gateway-default': 'error',
    'tongban/feel-syntax': 'error',
  };
  return { config: { rules }, resolver };
}

/** Resolves rules by import; there are no shareable configs to resolve. */
export interface LintResolver {
  resolveRule(pkg: string, ruleName: string): LintRuleFactory | null;
  resolveConfig(pkg: string, configName: string): null;
}

const resolver: LintResolver = {
  resolveRule(pkg, ruleName) {
    return RULES[pkg]?.[ruleName] ?? null;
  },
  resolveConfig() {
    return null;
  },
};
