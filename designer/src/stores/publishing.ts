import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import * as itemsApi from '@/api/items';
import type { AuditEntry, ItemOverview, VersionDiff, VersionSummary } from '@/api/items';

/** A side of a diff: a version number, or the version being worked on. */
export type DiffSide = number | 'draft';

/** A loaded diff: the structured difference and both procedures for the canvases. */
export interface LoadedDiff {
  from: DiffSide;
  to: DiffSide;
  diff: VersionDiff;
  fromXml: string;
  toXml: string;
}

/** The review and publication steps of an item's open version. */
export type ReviewAction = 'submit' | 'approve' | 'returnToDraft' | 'discard';

/**
 * Publishing of one item (issue #6 point 3): its versions and their history, the review of the version being
 * worked on (submit, approve by another person, return, publish with an effective time), withdrawal, rollback, and
 * the diff of any two versions with both procedures.
 */
export const usePublishingStore = defineStore('publishing', () => {
  const code = ref<string | null>(null);
  const overview = shallowRef<ItemOverview | null>(null);
  const audit = shallowRef<AuditEntry[]>([]);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<unknown>(null);
  const busy = ref<string | null>(null);
  const diff = shallowRef<LoadedDiff | null>(null);
  const diffLoading = ref(false);
  const diffError = ref<unknown>(null);

  const openVersion = computed<VersionSummary | null>(() => overview.value?.openVersion ?? null);
  /** Versions newest first. */
  const versions = computed(() => [...(overview.value?.versions ?? [])].sort((a, b) => b.version - a.version));
  /** The version new applications get now. */
  const effectiveVersion = computed(() => overview.value?.effectiveVersion ?? null);

  /** Loads the item's versions and audit trail. */
  async function load(itemCode: string): Promise<void> {
    if (code.value !== itemCode) diff.value = null;
    code.value = itemCode;
    status.value = 'loading';
    error.value = null;
    try {
      const [nextOverview, entries] = await Promise.all([itemsApi.fetchOverview(itemCode), itemsApi.fetchAudit(itemCode, 50)]);
      overview.value = nextOverview;
      audit.value = entries;
      status.value = 'ready';
    } catch (failure) {
      error.value = failure;
      status.value = 'error';
    }
  }

  async function run<T>(name: string, action: (itemCode: string) => Promise<T>): Promise<T> {
    if (!code.value) throw new Error('no item');
    busy.value = name;
    try {
      const result = await action(code.value);
      await load(code.value);
      return result;
    } finally {
      busy.value = null;
    }
  }

  /** Submits, approves, returns or discards the version being worked on. */
  function review(action: ReviewAction, reason: string): Promise<unknown> {
    return run(action, (itemCode): Promise<unknown> => itemsApi.review[action](itemCode, reason));
  }

  /** Publishes the approved version, effective from `effectiveFrom` (ISO; default now). */
  function publish(reason: string, effectiveFrom?: string): Promise<unknown> {
    return run('publish', (itemCode) => itemsApi.review.publish(itemCode, reason, effectiveFrom));
  }

  /** Withdraws a published version (an earlier one in force takes over). */
  function withdraw(version: number, reason: string): Promise<unknown> {
    return run('withdraw', (itemCode) => itemsApi.review.withdrawVersion(itemCode, version, reason));
  }

  /** Opens a draft with an earlier version's content, to be reviewed and published as a new version. */
  function rollback(version: number, reason: string): Promise<unknown> {
    return run('rollback', (itemCode) => itemsApi.review.rollback(itemCode, version, reason));
  }

  /** Loads the diff of two versions with both procedures. */
  async function compare(from: DiffSide, to: DiffSide): Promise<void> {
    if (!code.value) return;
    const itemCode = code.value;
    diffLoading.value = true;
    diffError.value = null;
    try {
      const xmlOf = async (side: DiffSide) => (side === 'draft' ? itemsApi.fetchDraft(itemCode) : itemsApi.fetchVersion(itemCode, side)).then((version) => version.bpmn);
      const [result, fromXml, toXml] = await Promise.all([itemsApi.fetchDiff(itemCode, from, to), xmlOf(from), xmlOf(to)]);
      diff.value = { from, to, diff: result, fromXml, toXml };
    } catch (failure) {
      diffError.value = failure;
    } finally {
      diffLoading.value = false;
    }
  }

  /** Closes the diff. */
  function closeDiff(): void {
    diff.value = null;
  }

  return {
    code, overview, audit, status, error, busy, diff, diffLoading, diffError, openVersion, versions, effectiveVersion,
    load, review, publish, withdraw, rollback, compare, closeDiff,
  };
});
