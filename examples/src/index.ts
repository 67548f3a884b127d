export { loadHandwrittenItems, ITEMS_DIR } from './handwritten';
export type { HandwrittenItem } from './handwritten';
