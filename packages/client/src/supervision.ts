/**
 * Views of the supervision API (issue #8, `docs/supervision.md`), of evaluations and of licences. The runtime
 * declares them as route schemas (`runtime/src/domains/supervision/schemas.ts`, `…/licences/routes.ts`); until they
 * move to `@tongban/schemas` they are typed here from those schemas.
 */

/** Groupings of the live figures. */
export type FiguresGroupBy = 'department' | 'district' | 'level' | 'item';

/** A drill-down: the figures of one department, district, level or item. */
export interface DrillDown {
  department?: string;
  district?: string;
  level?: string;
  item?: string;
}

/** How a period is named (one of these; default the current month). */
export interface PeriodQuery {
  period?: 'today' | 'month' | 'quarter' | 'year' | 'custom';
  month?: string;
  quarter?: string;
  year?: string;
  from?: string;
  to?: string;
}

/** A resolved period. */
export interface Period {
  kind: string;
  from: string;
  to: string;
  label: string;
}

/** The caller's supervision scope. */
export interface SupervisionScope {
  regionCode: string | null;
  departmentCode: string | null;
}

/** Live and period counts of one group. */
export interface FigureCounts {
  inProgress?: number;
  dueSoon?: number;
  overdue?: number;
  suspended?: number;
  closed?: number;
  ended?: number;
  onTime?: number;
  late?: number;
  wentOverdue?: number;
  onTimeRate?: number | null;
}

/** Live figures by a grouping (`GET /supervision/figures`). */
export interface Figures {
  asOf: string;
  scope: SupervisionScope;
  groupBy: FiguresGroupBy | string;
  period: Period;
  coveredPeriod?: { from: string; to: string };
  totals: FigureCounts;
  rows: Array<FigureCounts & { key: string; name: string }>;
}

/** Who holds an open case, and for how long. */
export interface CaseHolder {
  kind: 'user' | 'department' | 'applicant' | 'system';
  userId?: string;
  userName?: string;
  departmentCode?: string;
  departmentName?: string;
  candidateGroups?: string[];
  taskId?: string;
  taskName?: string | null;
  stage?: string | null;
  stageName?: string | null;
  taskDueAt?: string | null;
  since: string;
  heldWorkingHours?: number;
  heldWorkingDays?: number;
}

/** One overdue (or due-soon) case. */
export interface OverdueCase {
  applicationId?: string;
  number?: string;
  itemCode?: string;
  itemName?: string;
  applicantName?: string;
  departmentCode?: string;
  handlingDepartmentCode?: string;
  departmentName?: string;
  regionCode?: string;
  regionName?: string;
  level?: string;
  state?: string;
  stage?: string;
  submittedAt?: string;
  dueAt?: string;
  overdueWorkingDays?: number;
  workingHoursLeft?: number;
  holders?: CaseHolder[];
}

/** The overdue list (`GET /supervision/overdue`). */
export interface OverdueList {
  asOf: string;
  total: number;
  items: OverdueCase[];
}

/** One row of the efficiency ranking. */
export interface RankingRow {
  key: string;
  name: string;
  rank: number | null;
  score: number | null;
  closed?: number;
  onTimeRate?: number | null;
  overdueRate?: number | null;
  avgHandlingDays?: number | null;
  p90HandlingDays?: number | null;
  speed?: number | null;
  satisfactionRate?: number | null;
  licenceReuseRate?: number | null;
  onlineShare?: number | null;
  noVisitShare?: number | null;
  evaluations?: number;
  badEvaluations?: number;
  previousRank?: number | null;
  previousScore?: number | null;
  rankChange?: number | null;
  scoreChange?: number | null;
}

/** The efficiency ranking of a period (`GET /supervision/ranking`). */
export interface Ranking {
  asOf: string;
  scope: SupervisionScope;
  by: 'department' | 'district' | string;
  period: Period;
  previousPeriod: Period;
  weights: Record<string, number>;
  formula: string;
  rows: RankingRow[];
}

/** A recorded deadline warning. */
export interface SupervisionWarning {
  id?: number;
  applicationId?: string;
  number?: string;
  level?: 'yellow' | 'red' | string;
  target?: string;
  taskId?: string | null;
  dueAt?: string;
  firedAt?: string;
  departmentCode?: string;
  districtCode?: string;
  regionCode?: string;
  itemCode?: string;
  itemName?: string;
}

/** 好差评 by department or district (`GET /supervision/evaluations/summary`). */
export interface EvaluationSummary {
  asOf: string;
  scope: SupervisionScope;
  by: string;
  period: Period;
  rows: Array<{
    key?: string;
    name?: string;
    evaluations?: number;
    grades?: Record<string, number>;
    satisfactionRate?: number | null;
    badEvaluations?: number;
    rectifications?: { opened?: number; closed?: number; closedOnTime?: number; overdue?: number; escalated?: number };
  }>;
}

/** The supervision rules in force. */
export interface SupervisionSettings {
  yellowShare?: number;
  acceptanceLimitDays?: number;
  maxExtensionDays?: number;
  maxJointExtensionDays?: number;
  rectificationDays?: number;
  weights?: Record<string, number>;
  indicators?: string[];
  stream?: { mode?: string };
}

/** One evaluation (好差评). */
export interface EvaluationView {
  id?: string;
  applicationId?: string;
  applicationNumber?: string;
  stage?: string;
  taskId?: string | null;
  grade?: string;
  gradeLabel?: string;
  tags?: string[];
  comment?: string | null;
  channel?: string;
  evaluatedAt?: string;
  staffId?: string | null;
  departmentCode?: string;
  handlingDepartmentCode?: string;
  regionCode?: string;
  itemCode?: string;
  rectificationId?: string | null;
  rectificationStatus?: string | null;
}

/** One rectification (整改) of a bad grade. */
export interface RectificationView {
  id?: string;
  evaluationId?: string;
  applicationId?: string;
  applicationNumber?: string;
  grade?: string;
  stage?: string | null;
  comment?: string | null;
  handlingDepartmentCode?: string;
  departmentCode?: string;
  regionCode?: string;
  status?: string;
  limitDays?: number;
  dueAt?: string;
  overdue?: boolean;
  createdAt?: string;
  escalations?: number;
  escalatedTo?: string | null;
}

/** The legal clock of an application (`GET /applications/:id/clock`). */
export interface ClockView {
  applicationId?: string;
  number?: string;
  status?: string;
  state?: string;
  submittedAt?: string;
  receiptDate?: string;
  committedTimeLimitDays?: number;
  legalTimeLimitDays?: number | null;
  extensionDays?: number;
  suspendedWorkingDays?: number;
  baseDueAt?: string;
  dueAt?: string;
  yellowAt?: string | null;
  dueCoverage?: string;
  progress?: { used?: number; workingDaysLeft?: number; workingHoursLeft?: number; overdue?: boolean } | null;
  acceptance?: { limitDays?: number; dueAt?: string; decidedAt?: string | null; deemedAcceptedAt?: string | null };
  closedAt?: string | null;
  onTime?: boolean | null;
  handlingWorkingDays?: number | null;
  suspensions?: Array<{ id?: string; kind?: string; label?: string; reason?: string | null; startedAt?: string; endedAt?: string | null; open?: boolean; countedWorkingDays?: number }>;
  extensions?: Array<{ id?: string; days?: number; reason?: string; status?: string }>;
  warnings?: Array<{ id?: number; level?: string; target?: string; taskId?: string | null; dueAt?: string; firedAt?: string }>;
  tasks?: Array<{ taskId?: string; name?: string | null; stage?: string; limitDays?: number; startedAt?: string; dueAt?: string | null; closedAt?: string | null; onTime?: boolean | null }>;
}

/** An electronic licence (电子证照). */
export interface LicenceView {
  identifier: string;
  typeCode: string;
  typeName?: string;
  number?: string | null;
  holder: { kind?: string; name?: string; idNumber?: string };
  issuer: { name?: string; creditCode?: string; departmentCode?: string | null };
  issuedOn: string;
  validFrom?: string | null;
  validUntil?: string | null;
  status: 'valid' | 'suspended' | 'revoked' | 'expired';
  data: Record<string, unknown>;
  source: string;
  signature?: { algorithm?: string; keyId?: string; value?: string; digest?: string | null; signedAt?: string | null } | null;
}

/** The answer of a licence verification (核验). */
export interface LicenceVerification {
  valid?: boolean;
  [key: string]: unknown;
}
