/**
 * Item management (issue #5, `docs/items.md`) over `@tongban/client`: drafts with optimistic revisions, the live
 * validation report, review and publication, history, diff, audit, change sets and bundles.
 */
import type {
  AuditEntry, ChangeSet, ChangeSetValidation, ImplementationPolicy, ItemBundleFile, ItemOverview, SavedDraft, ValidationReport, VersionDiff,
  VersionView,
} from '@tongban/client';
import type { Item } from '@tongban/schemas';
import { api } from './client';

export type {
  AuditEntry, ChangeSet, ChangeSetValidation, ItemOverview, SavedDraft, ValidationProblem, ValidationReport, VersionDiff, VersionStatus,
  VersionSummary, VersionView,
} from '@tongban/client';

/**
 * What the designer edits for one item: the item document, the BPMN of its procedure, its form-js schemas by form id
 * and its implementation policy. The runtime stores them together as one item version.
 */
export interface ItemBundle {
  item: Item;
  bpmn: string;
  forms: Record<string, unknown>;
  implementationPolicy?: ImplementationPolicy;
}

const content = (bundle: ItemBundle) => ({
  item: bundle.item,
  bpmn: bundle.bpmn,
  forms: bundle.forms as Record<string, Record<string, unknown>>,
  ...(bundle.implementationPolicy ? { implementationPolicy: bundle.implementationPolicy } : {}),
});

/** `GET /manage/items/:code`: the item's versions, the one in force and the one being worked on. */
export function fetchOverview(code: string): Promise<ItemOverview> {
  return api.manage.overview(code);
}

/** `GET /manage/items/:code/draft`: the version being worked on (draft, submitted or approved). */
export function fetchDraft(code: string): Promise<VersionView> {
  return api.manage.draft(code);
}

/** `GET /manage/items/:code/versions/:version`: one version with its content. */
export function fetchVersion(code: string, version: number): Promise<VersionView> {
  return api.manage.version(code, version);
}

/** `POST /manage/items/:code/draft`: opens a draft from the latest published version (or `basedOn`). */
export function openDraft(code: string, reason: string, basedOn?: number): Promise<VersionView> {
  return api.manage.openDraft(code, reason, basedOn);
}

/** `PUT /manage/items/:code/draft`: saves the draft; a `rev` other than the current one is a 409. */
export function saveDraft(code: string, bundle: ItemBundle, rev?: number): Promise<SavedDraft> {
  return api.manage.saveDraft(code, { ...content(bundle), ...(rev === undefined ? {} : { rev }) });
}

/** `POST /manage/validate`: the runtime's report on content being edited; writes nothing. */
export function validateContent(code: string, bundle: ItemBundle, signal?: AbortSignal): Promise<ValidationReport> {
  return api.manage.validate({ ...content(bundle), itemCode: code }, signal);
}

/** The review and publication steps of the version being worked on. */
export const review = {
  submit: (code: string, reason: string) => api.manage.submit(code, reason),
  approve: (code: string, reason: string) => api.manage.approve(code, reason),
  returnToDraft: (code: string, reason: string) => api.manage.returnDraft(code, reason),
  publish: (code: string, reason: string, effectiveFrom?: string) => api.manage.publish(code, reason, effectiveFrom),
  discard: (code: string, reason: string) => api.manage.discardDraft(code, reason),
  withdrawVersion: (code: string, version: number, reason: string) => api.manage.withdrawVersion(code, version, reason),
  withdrawItem: (code: string, reason: string) => api.manage.withdrawItem(code, reason),
  rollback: (code: string, version: number, reason: string) => api.manage.rollback(code, version, reason),
};

/** `GET /manage/items/:code/diff`: what changed between two versions (`draft` for the one being worked on). */
export function fetchDiff(code: string, from: number | 'draft', to: number | 'draft'): Promise<VersionDiff> {
  return api.manage.diff(code, from, to);
}

/** `GET /manage/items/:code/audit`: who did what and why, newest first. */
export async function fetchAudit(code: string, limit = 100): Promise<AuditEntry[]> {
  return (await api.manage.audit(code, { limit })).entries;
}

/** `GET /manage/export`: an item bundle with every published version and all its files. */
export function exportBundle(codes?: string[]): Promise<ItemBundleFile> {
  return api.manage.exportBundle(codes);
}

/** `POST /manage/import` (administrators): imports a bundle, idempotently. */
export function importBundle(bundle: ItemBundleFile, reason: string) {
  return api.manage.importBundle(bundle, reason);
}

/** Change sets: one policy, many items, published together. */
export const changeSets = {
  list: async (): Promise<ChangeSet[]> => (await api.manage.changeSets.list({ limit: 50 })).changeSets,
  get: (id: string) => api.manage.changeSets.get(id),
  create: (title: string, reason: string) => api.manage.changeSets.create(title, reason),
  addItems: (id: string, codes: string[], reason?: string) => api.manage.changeSets.addItems(id, codes.map((code) => ({ code })), reason),
  removeItem: (id: string, code: string) => api.manage.changeSets.removeItem(id, code),
  validate: (id: string): Promise<ChangeSetValidation> => api.manage.changeSets.validate(id),
  submit: (id: string, reason: string) => api.manage.changeSets.submit(id, reason),
  approve: (id: string, reason: string) => api.manage.changeSets.approve(id, reason),
  returnSet: (id: string, reason: string) => api.manage.changeSets.returnSet(id, reason),
  discard: (id: string, reason: string) => api.manage.changeSets.discard(id, reason),
  publish: (id: string, reason: string, effectiveFrom?: string) => api.manage.changeSets.publish(id, reason, effectiveFrom),
};
