import { useI18n } from 'vue-i18n';
import { getAt, type DocumentPath } from '@/commands/document-commands';
import { toPointer, useItemEditorStore } from '@/stores/item-editor';
import { useLocaleStore } from '@/stores/locale';

/**
 * Reading, writing and validation messages of item document fields, for the element and checklist editors: every
 * write is a command on the item editor's stack; an emptied text field removes the property (an absent optional
 * field is valid, an empty string is not).
 */
export function useDocumentField() {
  const store = useItemEditorStore();
  const localeStore = useLocaleStore();
  const { t } = useI18n();

  /** The value at a path of the draft. */
  function get<T = unknown>(path: DocumentPath): T | undefined {
    return getAt(store.draft, path) as T | undefined;
  }

  /** Sets a value; `''`, `null` and `undefined` remove the property. */
  function set(path: DocumentPath, value: unknown): void {
    store.setField(path, value === '' || value === null ? undefined : value);
  }

  /** The validation messages at exactly this path, joined, or `''`. */
  function error(path: DocumentPath): string {
    const issues = store.issuesByPath.get(toPointer(path)) ?? [];
    return issues.map((issue) => (localeStore.locale === 'zh-CN' ? issue.message.zh : issue.message.en)).join('；');
  }

  /** A field label from `item.fields.*`. */
  function label(field: string): string {
    return t(`item.fields.${field}`);
  }

  return { store, get, set, error, label, t };
}
