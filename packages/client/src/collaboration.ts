/**
 * Views of the collaboration API (issue #9): the review assistant's reports (智能审核辅助) and the branches of a
 * parallel approval (并联审批). Typed here from the runtime's route schemas until `@tongban/schemas` exports them.
 */
import type { LocalizedText } from './management';

/** One finding of the review assistant: the rule, how serious, what it says, the evidence. */
export interface ReviewFindingView {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: LocalizedText;
  evidence: Record<string, unknown>;
  source: 'rules' | 'item' | 'model';
  materialId?: string;
  field?: string;
}

/** A report of the review assistant: its suggestion (pass / needs attention / fail) and findings. */
export interface ReviewReportView {
  id: number;
  applicationId: string;
  result: 'pass' | 'attention' | 'fail';
  autoAccepted: boolean;
  findings: ReviewFindingView[];
  summary: { errors: number; warnings: number; infos: number; rules: number };
  model: { status: string; name?: string; latencyMs?: number; error?: string };
  createdAt: string;
}

/** Every review report of an application, newest first. */
export interface ReviewHistoryView {
  latest: ReviewReportView | null;
  reports: ReviewReportView[];
}

/** One department's branch of a parallel approval. */
export interface ParallelBranchView {
  taskId: string;
  elementId: string;
  name?: string | null;
  splitId: string;
  departmentCode: string;
  departmentName?: string | null;
  regionCode: string;
  state: 'pending' | 'approved' | 'denied' | 'ended';
  status: string;
  outcome?: string | null;
  opinion?: string | null;
  decidedBy?: string | null;
  decidedByName?: string | null;
  decidedAt?: string | null;
  createdAt: string;
  dueAt?: string | null;
  round: number;
  endedReason?: LocalizedText | null;
}

/** The branches of an application's parallel approval, with the lead department and the overall state. */
export interface ParallelBranchesView {
  applicationId: string;
  number: string;
  leadDepartmentCode: string;
  leadDepartmentName?: string | null;
  state: 'not-started' | 'in-progress' | 'approved' | 'denied' | 'ended';
  branches: ParallelBranchView[];
}
