import type { ChangePage } from '@tongban/client';
import { api } from './client';

export type { ChangeEvent } from '@tongban/client';

/** `GET /changes`: change events after a cursor, oldest first. */
export function fetchChanges(query: { after?: number; limit?: number; item?: string } = {}): Promise<ChangePage> {
  return api.changes.page(query);
}

/** The URL of the live change feed (`text/event-stream`; public, so no token). */
export function changeStreamUrl(query: { after?: number; item?: string } = {}): string {
  return api.streamUrl('/changes/stream', query);
}
