import type { VersionDiff } from '@tongban/client';

/** How an element differs between two versions. */
export type DiffMarker = 'added' | 'removed' | 'changed';

/**
 * The canvas markers of a version diff: on the older model the removed and changed elements and flows, on the newer
 * one the added and changed ones (elements and flows are matched by id, as the runtime's diff does).
 */
export function diffMarkers(procedure: VersionDiff['procedure']): { from: Map<string, DiffMarker>; to: Map<string, DiffMarker> } {
  const from = new Map<string, DiffMarker>();
  const to = new Map<string, DiffMarker>();
  for (const collection of [procedure.elements, procedure.flows]) {
    for (const entry of collection.added) to.set(entry.id, 'added');
    for (const entry of collection.removed) from.set(entry.id, 'removed');
    for (const entry of collection.changed) {
      from.set(entry.id, 'changed');
      to.set(entry.id, 'changed');
    }
  }
  return { from, to };
}

/** A readable one-line value of a diff's `before` / `after`. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
