import { pinyin } from 'pinyin-pro';
import type { ItemStatus, ItemSummary } from '@/api/catalogue';

/** An item with the normalised keys it is searched by. */
export interface SearchEntry {
  item: ItemSummary;
  /** Lower-case name. */
  name: string;
  /** Lower-case code. */
  code: string;
  /** Pinyin initials of the name, lower case (`食品经营许可` → `spjyxk`). */
  initials: string;
  /** Full pinyin of the name without tones or spaces (`shipinjingying…`). */
  spelled: string;
}

/**
 * Pinyin initials and full spelling of a Chinese text, lower case, non-Han characters kept as they are (digits
 * and Latin letters stay searchable). Polyphonic characters take pinyin-pro's contextual reading.
 */
export function pinyinKeys(text: string): { initials: string; spelled: string } {
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const initials = syllables.map((syllable) => syllable.charAt(0)).join('').toLowerCase();
  const spelled = syllables.join('').replace(/\s+/g, '').toLowerCase();
  return { initials, spelled };
}

/** Builds the search entries of a catalogue once; searching then costs one pass of string comparisons. */
export function buildSearchIndex(items: readonly ItemSummary[]): SearchEntry[] {
  return items.map((item) => ({ item, name: item.name.toLowerCase(), code: item.code.toLowerCase(), ...pinyinKeys(item.name) }));
}

/**
 * Whether an entry matches a query: the query (trimmed, case-insensitive) is part of the name or the code, or —
 * for a query of Latin letters — a part of the pinyin initials, or a prefix of a syllable run of the full pinyin.
 * Several words separated by spaces must all match.
 */
export function matches(entry: SearchEntry, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => matchesWord(entry, word));
}

function matchesWord(entry: SearchEntry, word: string): boolean {
  if (entry.name.includes(word) || entry.code.includes(word)) return true;
  if (!/^[a-z]+$/.test(word)) return false;
  return entry.initials.includes(word) || entry.spelled.includes(word);
}

/** The library's filters. */
export interface LibraryFilters {
  query: string;
  departmentCode: string | null;
  level: string | null;
  status: ItemStatus | null;
  hasDraft: boolean;
}

/** Filters that keep everything. */
export const NO_FILTERS: LibraryFilters = { query: '', departmentCode: null, level: null, status: null, hasDraft: false };

/** The entries that pass every filter, in catalogue order. */
export function filterEntries(entries: readonly SearchEntry[], filters: LibraryFilters): SearchEntry[] {
  const query = filters.query.trim();
  return entries.filter(({ item }, index) =>
    (!filters.departmentCode || item.departmentCode === filters.departmentCode)
    && (!filters.level || item.levels.includes(filters.level))
    && (!filters.status || item.status === filters.status)
    && (!filters.hasDraft || item.hasDraft)
    && (query === '' || matches(entries[index]!, query)));
}
