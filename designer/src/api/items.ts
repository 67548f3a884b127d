import type { Item } from '@tongban/schemas';
import { ApiError, request } from './http';

/**
 * What the designer edits for one item: the item document, the BPMN of its procedure and its form-js schemas by
 * form id. The runtime stores them together as one item version.
 */
export interface ItemBundle {
  item: Item;
  bpmn: string;
  forms: Record<string, unknown>;
}

/** An item version as the runtime returns it. */
export interface ItemVersionRecord extends ItemBundle {
  version: number;
  status: 'draft' | 'in-review' | 'published' | 'withdrawn';
}

/** What `GET /items/:code` (the public catalogue) returns: the effective version, without its BPMN. */
interface EffectiveItemRecord {
  code: string;
  version: { id: number; version: number; effectiveFrom: string };
  item: Item;
  forms: Record<string, unknown>;
}

/**
 * `GET /items/:code/draft`: the item's draft, or its published version when there is no draft yet. While the
 * runtime has no draft route (`TB_REQUEST_NOT_FOUND`), falls back to the effective published version of the public
 * catalogue, which carries no BPMN (`bpmn` is then `''`).
 */
export async function fetchItemDraft(code: string): Promise<ItemVersionRecord> {
  const path = `/items/${encodeURIComponent(code)}`;
  try {
    return await request<ItemVersionRecord>(`${path}/draft`);
  } catch (error) {
    if (!(error instanceof ApiError && error.body.code === 'TB_REQUEST_NOT_FOUND')) throw error;
    const effective = await request<EffectiveItemRecord>(path);
    return { item: effective.item, forms: effective.forms, bpmn: '', version: effective.version.version, status: 'published' };
  }
}

/** `PUT /items/:code/draft`: saves the draft (creating one from the published version when needed). */
export function saveItemDraft(code: string, bundle: ItemBundle): Promise<ItemVersionRecord> {
  return request(`/items/${encodeURIComponent(code)}/draft`, { method: 'PUT', body: bundle });
}
