import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef, toRaw, watch } from 'vue';
import { validate, type FieldIssue, type Item } from '@tongban/schemas';
import type { ImplementationPolicy } from '@tongban/client';
import { isApiError } from '@/api/client';
import * as itemsApi from '@/api/items';
import type { ItemBundle, ValidationReport, VersionSummary, VersionView } from '@/api/items';
import { CommandStack, type ExecuteOptions } from '@/commands/command-stack';
import { registerDocumentCommands, type DocumentPath } from '@/commands/document-commands';
import { materialInterceptor, newMaterial, type MaterialDraft } from '@/editors/item/materials';
import { bpmnProblems, mergeIssues, problemsByForm, tabCounts, type EditorIssue } from '@/editors/item/problems';

/** An item document while it is edited: the contract's shape, possibly incomplete or invalid. */
export type ItemDraft = Partial<Item> & Record<string, unknown>;

/** JSON Pointer of a document path (`['materials', 0, 'name']` → `/materials/0/name`). */
export function toPointer(path: DocumentPath): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** How long after the last edit the runtime's validation runs. */
export const VALIDATION_DELAY_MS = 600;

/** Where the content shown came from: the version being worked on, or the published one (no draft yet). */
export type ContentSource = 'open' | 'published';

/** Options of {@link useItemEditorStore}'s `load`. */
export interface LoadOptions {
  /** Whether the user may edit drafts (item managers, administrators). */
  mayEdit?: boolean;
}

/** What a save did: saved, or refused because someone else saved the draft since it was read (409). */
export type SaveResult = 'saved' | 'conflict';

/**
 * The item being edited, on the runtime's draft API (issue #5): its document, procedure and forms, the version
 * being worked on with its revision (`rev`, optimistic locking: a 409 becomes a conflict to resolve), the command
 * stack every element and checklist edit goes through (undo/redo), and two validations side by side — the compiled
 * schema in the browser on every keystroke, and the runtime's located report (`POST /manage/validate`) shortly after
 * each edit, which also checks what only the runtime knows (references, FEEL variables, forms, the engine).
 */
export const useItemEditorStore = defineStore('itemEditor', () => {
  const code = ref<string | null>(null);
  const draft = ref<ItemDraft>({});
  const bpmn = ref<string>('');
  const forms = shallowRef<Record<string, unknown>>({});
  const implementationPolicy = shallowRef<ImplementationPolicy | undefined>(undefined);
  const version = shallowRef<VersionSummary | null>(null);
  const source = ref<ContentSource | null>(null);
  const mayEdit = ref(false);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<unknown>(null);
  /** Bumped on every change of the content; validation and undo state depend on it. */
  const revision = ref(0);
  const savedRevision = ref(0);
  const saving = ref(false);
  /** Set when a save was refused because the draft changed on the server (409). */
  const conflict = ref(false);
  const report = shallowRef<ValidationReport | null>(null);
  /** The content revision the report describes. */
  const reportRevision = ref(-1);
  const validating = ref(false);
  const validationError = ref<unknown>(null);

  const stack = markRaw(new CommandStack());
  registerDocumentCommands(stack, () => draft.value);
  stack.intercept(materialInterceptor((index) => draft.value.materials?.[index] as Partial<MaterialDraft> | undefined));
  stack.onChange(() => {
    revision.value += 1;
  });

  const canUndo = computed(() => (revision.value, stack.canUndo()));
  const canRedo = computed(() => (revision.value, stack.canRedo()));
  const dirty = computed(() => revision.value !== savedRevision.value);
  /** Whether the content can be changed and saved: a draft (not submitted or approved) and a user who may edit. */
  const editable = computed(() => mayEdit.value && source.value === 'open' && version.value?.status === 'draft' && !version.value.changeSetId);
  /** Whether the report describes the content as it is now. */
  const reportCurrent = computed(() => reportRevision.value === revision.value);

  /** The browser's schema check of the item document. */
  const localIssues = computed<FieldIssue[]>(() => {
    void revision.value;
    const result = validate('item', JSON.parse(JSON.stringify(toRaw(draft.value))) as unknown);
    return result.ok ? [] : result.issues;
  });
  /** Every problem of the item document: the browser's and the runtime's. */
  const issues = computed<EditorIssue[]>(() => mergeIssues(localIssues.value, report.value));
  /** Issues by JSON Pointer path. */
  const issuesByPath = computed(() => {
    const map = new Map<string, EditorIssue[]>();
    for (const issue of issues.value) map.set(issue.path, [...(map.get(issue.path) ?? []), issue]);
    return map;
  });
  const formProblems = computed(() => problemsByForm(report.value));
  const procedureProblems = computed(() => bpmnProblems(report.value));
  const counts = computed(() => tabCounts(issues.value, report.value));
  const errorCount = computed(() => issues.value.filter((issue) => issue.severity === 'error').length
    + (report.value?.problems ?? []).filter((problem) => problem.severity === 'error' && (problem.location.kind === 'bpmn' || problem.location.kind === 'form')).length);

  let validateTimer: ReturnType<typeof setTimeout> | undefined;
  let validateAbort: AbortController | null = null;

  watch(revision, () => scheduleValidation());

  /** Shows a version: the editor's content and history start again from it. */
  function showVersion(itemCode: string, record: VersionView, from: ContentSource): void {
    code.value = itemCode;
    draft.value = reactive(JSON.parse(JSON.stringify(record.item)) as ItemDraft);
    bpmn.value = record.bpmn;
    forms.value = { ...record.forms };
    implementationPolicy.value = record.implementationPolicy;
    version.value = summaryOf(record);
    source.value = from;
    conflict.value = false;
    report.value = null;
    reportRevision.value = -1;
    stack.clear();
    savedRevision.value = revision.value;
    status.value = 'ready';
  }

  /** Opens a bundle as a local draft (tests, the procedure sandbox). */
  function open(itemCode: string, bundle: ItemBundle, options: { editable?: boolean } = {}): void {
    mayEdit.value = options.editable ?? true;
    showVersion(itemCode, {
      id: 0, itemCode, version: 0, status: 'draft', contentHash: '', rev: 0, item: bundle.item, bpmn: bundle.bpmn,
      forms: bundle.forms as VersionView['forms'], implementationPolicy: bundle.implementationPolicy ?? { allowExtraMaterials: false, allowFeeReduction: true },
    }, 'open');
  }

  /**
   * Loads an item: the version being worked on, or — when there is none — the version in force, read-only until a
   * draft is opened from it ({@link startDraft}).
   */
  async function load(itemCode: string, options: LoadOptions = {}): Promise<void> {
    status.value = 'loading';
    error.value = null;
    mayEdit.value = options.mayEdit ?? false;
    try {
      // The overview says whether a version is being worked on, so that no request is made to fail (a 404 is a
      // console error in the browser).
      const overview = await itemsApi.fetchOverview(itemCode);
      let record: VersionView;
      let from: ContentSource = 'open';
      if (overview.openVersion) record = await itemsApi.fetchDraft(itemCode);
      else {
        const current = overview.effectiveVersion ?? overview.versions.filter((entry) => entry.status === 'published').at(-1)?.version;
        if (current === undefined) throw new Error(`item ${itemCode} has neither an open nor a published version`);
        record = await itemsApi.fetchVersion(itemCode, current);
        from = 'published';
      }
      showVersion(itemCode, record, from);
      scheduleValidation(0);
    } catch (failure) {
      error.value = failure;
      status.value = 'error';
    }
  }

  /** Opens a draft from the version in force and starts editing it. */
  async function startDraft(reason: string): Promise<void> {
    if (!code.value) return;
    const record = await itemsApi.openDraft(code.value, reason);
    showVersion(code.value, record, 'open');
    scheduleValidation(0);
  }

  /** Reads the item again, dropping unsaved changes (after a conflict, or another user's step). */
  async function reload(): Promise<void> {
    if (code.value) await load(code.value, { mayEdit: mayEdit.value });
  }

  /**
   * Saves the draft with the revision last read. When someone else saved it since, nothing is written and the
   * conflict is reported (`'conflict'`); `force` saves over their changes.
   */
  async function save(options: { force?: boolean } = {}): Promise<SaveResult> {
    if (!code.value || !editable.value) return 'saved';
    saving.value = true;
    const saved = revision.value;
    try {
      const result = await itemsApi.saveDraft(code.value, bundle(), options.force ? undefined : version.value?.rev);
      version.value = summaryOf(result.version);
      savedRevision.value = saved;
      conflict.value = false;
      if (revision.value === saved) {
        report.value = result.validation;
        reportRevision.value = saved;
      }
      return 'saved';
    } catch (failure) {
      if (isApiError(failure) && failure.status === 409 && failure.code === 'TB_REQUEST_CONFLICT') {
        conflict.value = true;
        return 'conflict';
      }
      throw failure;
    } finally {
      saving.value = false;
    }
  }

  /** Validates on the runtime after `delay` ms of quiet; a newer edit cancels an older run. */
  function scheduleValidation(delay = VALIDATION_DELAY_MS): void {
    if (!code.value || status.value !== 'ready') return;
    clearTimeout(validateTimer);
    validateTimer = setTimeout(() => void validateNow(), delay);
  }

  /** Runs the runtime's validation of the content as it is now. */
  async function validateNow(): Promise<void> {
    if (!code.value) return;
    validateAbort?.abort();
    const controller = new AbortController();
    validateAbort = controller;
    const at = revision.value;
    validating.value = true;
    try {
      const result = await itemsApi.validateContent(code.value, bundle(), controller.signal);
      if (controller.signal.aborted) return;
      report.value = result;
      reportRevision.value = at;
      validationError.value = null;
    } catch (failure) {
      if (controller.signal.aborted || (failure instanceof Error && failure.name === 'AbortError')) return;
      validationError.value = failure;
    } finally {
      if (validateAbort === controller) {
        validating.value = false;
        validateAbort = null;
      }
    }
  }

  /** Stops pending validation (leaving the editor). */
  function dispose(): void {
    clearTimeout(validateTimer);
    validateAbort?.abort();
  }

  /** Executes a document command (`document.set`, `document.update`, `list.insert`, `list.remove`, `list.move`). */
  function execute(command: string, context: object, options?: ExecuteOptions): void {
    if (!editable.value) return;
    stack.execute(command, context, options);
  }

  /** Sets one field; consecutive edits of the same field (typing) make one undo step. */
  function setField(path: DocumentPath, value: unknown): void {
    execute('document.set', { path, value }, { coalesce: `set:${toPointer(path)}` });
  }

  /** Sets several fields of the object at `path` in one undo step (cross-cutting rules may add to the patch). */
  function updateObject(path: DocumentPath, patch: Record<string, unknown>): void {
    execute('document.update', { path, patch });
  }

  /** Appends a new material and returns its index. */
  function addMaterial(name: string): number {
    const materials = (draft.value.materials ?? []) as MaterialDraft[];
    const index = materials.length;
    execute('list.insert', { path: ['materials'], index, value: newMaterial(materials, name) });
    return index;
  }

  /** Removes the material at `index`. */
  function removeMaterial(index: number): void {
    execute('list.remove', { path: ['materials'], index });
  }

  /** Moves a material from one position to another (drag and drop, Alt+↑/↓). */
  function moveMaterial(from: number, to: number): void {
    const count = draft.value.materials?.length ?? 0;
    if (from === to || from < 0 || to < 0 || from >= count || to >= count) return;
    execute('list.move', { path: ['materials'], from, to });
  }

  /** Undoes the last edit of the elements or the checklist. */
  function undo(): void {
    if (editable.value) stack.undo();
  }

  /** Redoes the last undone edit. */
  function redo(): void {
    if (editable.value) stack.redo();
  }

  /** Replaces the procedure's BPMN (the modeler keeps its own undo history). */
  function setBpmn(xml: string): void {
    if (!editable.value || xml === bpmn.value) return;
    bpmn.value = xml;
    revision.value += 1;
  }

  /** Replaces one form's schema. */
  function setForm(formId: string, schema: unknown): void {
    if (!editable.value) return;
    forms.value = { ...forms.value, [formId]: schema };
    revision.value += 1;
  }

  /** The content as it is now. */
  function bundle(): ItemBundle {
    return {
      item: JSON.parse(JSON.stringify(toRaw(draft.value))) as Item,
      bpmn: bpmn.value,
      forms: { ...forms.value },
      ...(implementationPolicy.value ? { implementationPolicy: implementationPolicy.value } : {}),
    };
  }

  /** Marks the version as changed by a review step (submit, approve …) without reloading the content. */
  function setVersion(summary: VersionSummary): void {
    version.value = summary;
  }

  return {
    code, draft, bpmn, forms, implementationPolicy, version, source, mayEdit, status, error, revision, saving, conflict,
    report, reportCurrent, validating, validationError, canUndo, canRedo, dirty, editable, localIssues, issues, issuesByPath,
    formProblems, procedureProblems, counts, errorCount,
    open, load, startDraft, reload, save, scheduleValidation, validateNow, dispose, execute, setField, updateObject, addMaterial,
    removeMaterial, moveMaterial, undo, redo, setBpmn, setForm, bundle, setVersion,
  };
});

/** The metadata of a version, without its content. */
function summaryOf(record: VersionView): VersionSummary {
  const { item: _item, bpmn: _bpmn, forms: _forms, implementationPolicy: _policy, ...summary } = record;
  return summary;
}
