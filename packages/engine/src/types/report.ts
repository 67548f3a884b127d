import type { CompiledDefinition } from './definition.js';

/** A user-facing message in both supported languages. */
export interface LocalizedMessage {
  zh: string;
  en: string;
}

/**
 * Codes of deploy-time problems. Every problem names the offending element, so a refused model can be fixed in
 * one pass.
 */
export type DeployProblemCode =
  | 'TB_BPMN_XML_INVALID'
  | 'TB_BPMN_PARSE_WARNING'
  | 'TB_BPMN_NO_EXECUTABLE_PROCESS'
  | 'TB_BPMN_PROCESS_NOT_EXECUTABLE'
  | 'TB_BPMN_NO_START_EVENT'
  | 'TB_BPMN_UNSUPPORTED_ELEMENT'
  | 'TB_BPMN_UNSUPPORTED_FEATURE'
  | 'TB_BPMN_MISSING_CONDITION'
  | 'TB_BPMN_UNREACHABLE'
  | 'TB_BPMN_FEEL_SYNTAX'
  | 'TB_BPMN_FEEL_UNKNOWN_FUNCTION'
  | 'TB_BPMN_MISSING_JOB_TYPE'
  | 'TB_BPMN_MISSING_MESSAGE'
  | 'TB_BPMN_MISSING_CORRELATION_KEY'
  | 'TB_BPMN_MISSING_SIGNAL'
  | 'TB_BPMN_MISSING_ERROR_CODE'
  | 'TB_BPMN_TIMER_INVALID'
  | 'TB_BPMN_MISSING_CALLED_ELEMENT'
  | 'TB_BPMN_MISSING_SCRIPT'
  | 'TB_BPMN_LINK_UNRESOLVED'
  | 'TB_BPMN_START_EVENT_INVALID'
  | 'TB_BPMN_EVENT_GATEWAY_INVALID'
  | 'TB_BPMN_BOUNDARY_INVALID'
  | 'TB_BPMN_FLOW_INVALID'
  | 'TB_BPMN_MULTI_INSTANCE_INVALID'
  | 'TB_BPMN_MAPPING_INVALID'
  | 'TB_BPMN_FORM_UNRESOLVED';

/** One finding of {@link compileDefinition}. `error` refuses the deployment; `warning` is informative. */
export interface DeployProblem {
  severity: 'error' | 'warning';
  /** Id of the offending BPMN element (empty for document-level problems such as unparsable XML). */
  elementId: string;
  /** BPMN type of the element, e.g. `bpmn:ComplexGateway`. */
  elementType: string;
  code: DeployProblemCode;
  message: LocalizedMessage;
  /** Id of the process the element belongs to, when it belongs to one. */
  processId?: string;
}

/** Everything found while compiling one BPMN document, errors and warnings together, in document order. */
export interface DeployReport {
  problems: DeployProblem[];
}

/** The outcome of `compileDefinition`: a definition (the report may hold warnings), or the refusal report. */
export type CompileResult =
  | { ok: true; definition: CompiledDefinition; report: DeployReport }
  | { ok: false; report: DeployReport };
