import type { Item } from '@tongban/schemas';
import { request } from './http';

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

/** `GET /items/:code/draft`: the item's draft, or its published version when there is no draft yet. */
export function fetchItemDraft(code: string): Promise<ItemVersionRecord> {
  return request(`/items/${encodeURIComponent(code)}/draft`);
}

/** `PUT /items/:code/draft`: saves the draft (creating one from the published version when needed). */
export function saveItemDraft(code: string, bundle: ItemBundle): Promise<ItemVersionRecord> {
  return request(`/items/${encodeURIComponent(code)}/draft`, { method: 'PUT', body: bundle });
}
