/**
 * Views of the item management API (issue #5, `docs/items.md`) and of the change feed. The runtime declares these
 * shapes as route schemas in `runtime/src/domains/items/schemas.ts`; until they move to `@tongban/schemas` they are
 * typed here, by hand, from those schemas.
 */
import type { Item } from '@tongban/schemas';

/** A bilingual message. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** Where a validation problem is: in the item document, a material, a form, the BPMN or a regional list. */
export interface ProblemLocation {
  kind: 'item' | 'material' | 'form' | 'bpmn' | 'implementation';
  /** JSON Pointer into the item document (item, material, implementation) or the form-js schema (form). */
  pointer?: string;
  materialId?: string;
  formId?: string;
  fieldKey?: string;
  elementId?: string;
  elementType?: string;
  processId?: string;
  property?: string;
  regionCode?: string;
}

/** One problem of a validation report. */
export interface ValidationProblem {
  severity: 'error' | 'warning';
  code: string;
  message: LocalizedText;
  location: ProblemLocation;
  /** The location flattened: `/item/…`, `/forms/<id>/…`, `/bpmn/<id>/<property>`. */
  path: string;
}

/** The validation report of a version's content (`POST /manage/validate`, saving, submission). */
export interface ValidationReport {
  ok: boolean;
  errors: number;
  warnings: number;
  problems: ValidationProblem[];
}

/** Statuses of an item version. */
export type VersionStatus = 'draft' | 'submitted' | 'approved' | 'published' | 'superseded' | 'withdrawn';

/** What regional implementation lists may do with a version. */
export interface ImplementationPolicy {
  allowExtraMaterials: boolean;
  allowFeeReduction: boolean;
}

/** A version without its content. */
export interface VersionSummary {
  id: number;
  itemCode: string;
  version: number;
  status: VersionStatus;
  contentHash: string;
  effectiveFrom?: string | null;
  basedOnVersion?: number | null;
  changeSetId?: string | null;
  rev?: number;
  reason?: string | null;
  createdBy?: string;
  createdAt?: string;
  updatedBy?: string | null;
  updatedAt?: string | null;
  submittedBy?: string | null;
  submittedAt?: string | null;
  approvedBy?: string | null;
  approvedAt?: string | null;
  publishedBy?: string | null;
  publishedAt?: string | null;
  supersededAt?: string | null;
  withdrawnBy?: string | null;
  withdrawnAt?: string | null;
}

/** The content of a version: the item document, its BPMN and its form-js schemas by form id. */
export interface VersionContent {
  item: Item | Record<string, unknown>;
  bpmn: string;
  forms: Record<string, Record<string, unknown>>;
  implementationPolicy?: ImplementationPolicy;
}

/** A version with its content. */
export interface VersionView extends VersionSummary, VersionContent {
  implementationPolicy: ImplementationPolicy;
}

/** A saved draft and the validation report of what was saved. */
export interface SavedDraft {
  version: VersionView;
  validation: ValidationReport;
}

/** An item's versions: the one in force, those scheduled and the one being worked on. */
export interface ItemOverview {
  code: string;
  name: string;
  type: string;
  departmentCode: string;
  effectiveVersion: number | null;
  scheduledVersions: number[];
  openVersion: VersionSummary | null;
  versions: VersionSummary[];
}

/** One leaf change: a JSON Pointer, what happened, and the values. */
export interface LeafChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** Added, removed and changed entries of a collection matched by id. */
export interface CollectionDiff<T = Record<string, unknown>> {
  added: T[];
  removed: T[];
  changed: Array<{ id: string; changes: LeafChange[] }>;
}

/** Counts of a collection diff. */
export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
}

/** A BPMN element or flow in a diff. */
export interface BpmnDiffEntry {
  id: string;
  type?: string;
  name?: string;
  processId?: string;
  [key: string]: unknown;
}

/** The structured difference of two versions (`GET /manage/items/:code/diff`). */
export interface VersionDiff {
  from: { version: number; status: string };
  to: { version: number; status: string };
  identical: boolean;
  summary: {
    elements: number;
    materials: DiffCounts;
    forms: DiffCounts;
    formFields: DiffCounts;
    bpmnElements: DiffCounts;
    flows: DiffCounts;
  };
  elements: LeafChange[];
  materials: CollectionDiff<{ id: string; name?: string }>;
  forms: {
    added: Array<{ id: string; [key: string]: unknown }>;
    removed: Array<{ id: string; [key: string]: unknown }>;
    changed: Array<{ id: string; declaration: LeafChange[]; fields: CollectionDiff<{ key?: string; id?: string; label?: string; type?: string }>; otherChanges: boolean }>;
  };
  procedure: {
    error?: string;
    processId: LeafChange[];
    elements: CollectionDiff<BpmnDiffEntry>;
    flows: CollectionDiff<BpmnDiffEntry>;
  };
  implementationPolicy: LeafChange[];
}

/** One entry of an item's audit trail. */
export interface AuditEntry {
  id: number;
  itemCode: string;
  version: number | null;
  action: string;
  actor: string;
  at: string;
  reason: string | null;
  data: Record<string, unknown>;
}

/** A regional implementation revision. */
export interface ImplementationRevision {
  regionCode: string;
  level: string;
  revision: number;
  status: string;
  effectiveFrom: string;
  overrides: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
  reason: string;
  withdrawnBy?: string | null;
  withdrawnAt?: string | null;
}

/** Statuses of a change set. */
export type ChangeSetStatus = 'open' | 'submitted' | 'approved' | 'published' | 'discarded';

/** A change set (one policy, many items). */
export interface ChangeSet {
  id: string;
  title: string;
  reason: string;
  status: ChangeSetStatus | string;
  effectiveFrom?: string | null;
  createdBy: string;
  createdAt: string;
  submittedBy?: string | null;
  submittedAt?: string | null;
  approvedBy?: string | null;
  approvedAt?: string | null;
  publishedBy?: string | null;
  publishedAt?: string | null;
  items: Array<{ code: string; name: string; version: number; status: string; contentHash: string }>;
}

/** A JSON Patch operation of a change set item. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

/** The validation of every item of a change set. */
export interface ChangeSetValidation {
  ok: boolean;
  items: Array<{ code: string; version: number; report: ValidationReport }>;
}

/** Kinds of change events. */
export type ChangeKind = 'published' | 'withdrawn' | 'migrated' | 'implementationChanged' | 'imported';

/** One event of the change feed. */
export interface ChangeEvent {
  id: number;
  kind: ChangeKind | string;
  at: string;
  actor: string;
  reason: string;
  itemCodes: string[];
  changeSetId: string | null;
  data: Record<string, unknown>;
}

/** A page of the change feed. */
export interface ChangePage {
  events: ChangeEvent[];
  next: number | null;
}

/** An item bundle (`GET /manage/export`), the exchange format between installations. */
export interface ItemBundleFile {
  format: 'tongban.item-bundle';
  formatVersion: 1;
  exportedAt: string;
  lastEventId: number;
  items: Array<{ code: string; versions: Array<Record<string, unknown>>; implementations: Array<Record<string, unknown>> }>;
}

/** What an import of a bundle did. */
export interface ImportReport {
  eventId: number | null;
  items: Array<{ code: string; created: boolean; createdVersions: number[]; skippedVersions: number; createdImplementations: number }>;
}
