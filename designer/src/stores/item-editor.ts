import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef, toRaw } from 'vue';
import { validate, type FieldIssue, type Item } from '@tongban/schemas';
import * as itemsApi from '@/api/items';
import type { ItemBundle } from '@/api/items';
import { CommandStack, type ExecuteOptions } from '@/commands/command-stack';
import { registerDocumentCommands, type DocumentPath } from '@/commands/document-commands';
import { materialInterceptor, newMaterial, type MaterialDraft } from '@/editors/item/materials';

/** An item document while it is edited: the contract's shape, possibly incomplete or invalid. */
export type ItemDraft = Partial<Item> & Record<string, unknown>;

/** JSON Pointer of a document path (`['materials', 0, 'name']` → `/materials/0/name`). */
export function toPointer(path: DocumentPath): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * The item being edited: its document, procedure and forms, the command stack every element and checklist edit
 * goes through (undo/redo), and the live validation by the same compiled schema the runtime uses.
 */
export const useItemEditorStore = defineStore('itemEditor', () => {
  const code = ref<string | null>(null);
  const draft = ref<ItemDraft>({});
  const bpmn = ref<string>('');
  const forms = shallowRef<Record<string, unknown>>({});
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<unknown>(null);
  /** Bumped on every change of the document; validation and undo state depend on it. */
  const revision = ref(0);
  const savedRevision = ref(0);
  const saving = ref(false);

  const stack = markRaw(new CommandStack());
  registerDocumentCommands(stack, () => draft.value);
  stack.intercept(materialInterceptor((index) => draft.value.materials?.[index] as Partial<MaterialDraft> | undefined));
  stack.onChange(() => {
    revision.value += 1;
  });

  const canUndo = computed(() => (revision.value, stack.canUndo()));
  const canRedo = computed(() => (revision.value, stack.canRedo()));
  const dirty = computed(() => revision.value !== savedRevision.value);

  /** Every problem of the document, in the runtime's `{ path, code, message }` shape. */
  const issues = computed<FieldIssue[]>(() => {
    void revision.value;
    const result = validate('item', JSON.parse(JSON.stringify(toRaw(draft.value))) as unknown);
    return result.ok ? [] : result.issues;
  });
  /** Issues by JSON Pointer path. */
  const issuesByPath = computed(() => {
    const map = new Map<string, FieldIssue[]>();
    for (const issue of issues.value) map.set(issue.path, [...(map.get(issue.path) ?? []), issue]);
    return map;
  });

  /** Starts editing a bundle; forgets the history. */
  function open(itemCode: string, bundle: ItemBundle): void {
    code.value = itemCode;
    draft.value = reactive(JSON.parse(JSON.stringify(bundle.item)) as ItemDraft);
    bpmn.value = bundle.bpmn;
    forms.value = { ...bundle.forms };
    stack.clear();
    savedRevision.value = revision.value;
    status.value = 'ready';
  }

  /** Loads an item's draft from the runtime. */
  async function load(itemCode: string): Promise<void> {
    status.value = 'loading';
    error.value = null;
    try {
      const record = await itemsApi.fetchItemDraft(itemCode);
      open(itemCode, record);
    } catch (failure) {
      error.value = failure;
      status.value = 'error';
    }
  }

  /** Executes a document command (`document.set`, `document.update`, `list.insert`, `list.remove`, `list.move`). */
  function execute(command: string, context: object, options?: ExecuteOptions): void {
    stack.execute(command, context, options);
  }

  /** Sets one field; consecutive edits of the same field (typing) make one undo step. */
  function setField(path: DocumentPath, value: unknown): void {
    stack.execute('document.set', { path, value }, { coalesce: `set:${toPointer(path)}` });
  }

  /** Sets several fields of the object at `path` in one undo step (cross-cutting rules may add to the patch). */
  function updateObject(path: DocumentPath, patch: Record<string, unknown>): void {
    stack.execute('document.update', { path, patch });
  }

  /** Appends a new material and returns its index. */
  function addMaterial(name: string): number {
    const materials = (draft.value.materials ?? []) as MaterialDraft[];
    const index = materials.length;
    stack.execute('list.insert', { path: ['materials'], index, value: newMaterial(materials, name) });
    return index;
  }

  /** Removes the material at `index`. */
  function removeMaterial(index: number): void {
    stack.execute('list.remove', { path: ['materials'], index });
  }

  /** Moves a material from one position to another (drag and drop, Alt+↑/↓). */
  function moveMaterial(from: number, to: number): void {
    const count = draft.value.materials?.length ?? 0;
    if (from === to || from < 0 || to < 0 || from >= count || to >= count) return;
    stack.execute('list.move', { path: ['materials'], from, to });
  }

  /** Undoes the last edit of the elements or the checklist. */
  function undo(): void {
    stack.undo();
  }

  /** Redoes the last undone edit. */
  function redo(): void {
    stack.redo();
  }

  /** Replaces the procedure's BPMN (the modeler keeps its own undo history). */
  function setBpmn(xml: string): void {
    bpmn.value = xml;
    revision.value += 1;
  }

  /** Replaces one form's schema. */
  function setForm(formId: string, schema: unknown): void {
    forms.value = { ...forms.value, [formId]: schema };
    revision.value += 1;
  }

  /** The bundle as it is now. */
  function bundle(): ItemBundle {
    return { item: JSON.parse(JSON.stringify(toRaw(draft.value))) as Item, bpmn: bpmn.value, forms: { ...forms.value } };
  }

  /** Saves the draft to the runtime. */
  async function save(): Promise<void> {
    if (!code.value) return;
    saving.value = true;
    try {
      const saved = revision.value;
      await itemsApi.saveItemDraft(code.value, bundle());
      savedRevision.value = saved;
    } finally {
      saving.value = false;
    }
  }

  return {
    code, draft, bpmn, forms, status, error, revision, saving, canUndo, canRedo, dirty, issues, issuesByPath,
    open, load, execute, setField, updateObject, addMaterial, removeMaterial, moveMaterial, undo, redo, setBpmn,
    setForm, bundle, save,
  };
});
