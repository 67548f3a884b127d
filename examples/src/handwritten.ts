import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Item } from '@tongban/schemas';

/** The folder of the hand-written items: `examples/items/<slug>/`. */
export const ITEMS_DIR = fileURLToPath(new URL('../items/', import.meta.url));

/** A hand-written item with the files its `procedure` and `forms` name. */
export interface HandwrittenItem {
  /** Folder name, an English slug such as `food-business-licence`. */
  slug: string;
  /** Absolute path of the item's folder. */
  dir: string;
  /** `item.json`, as read (validate it with `validate('item', …)`). */
  item: Item;
  /** The BPMN XML of `item.procedure.resource`. */
  bpmn: string;
  /** Every form of `item.forms`, by form id (form-js schema JSON). */
  forms: Record<string, Record<string, unknown>>;
  /** The folder's README.md. */
  readme: string;
}

/**
 * Reads every hand-written item under `examples/items/` (or `dir`), sorted by slug, with its BPMN, forms and
 * README. Throws when a file an item names is missing: the folders are part of the package, so that is a bug.
 */
export function loadHandwrittenItems(dir: string = ITEMS_DIR): HandwrittenItem[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'item.json')))
    .map((entry) => entry.name)
    .sort()
    .map((slug) => {
      const folder = join(dir, slug);
      const item = JSON.parse(readFileSync(join(folder, 'item.json'), 'utf8')) as Item;
      const forms: Record<string, Record<string, unknown>> = {};
      for (const form of item.forms) {
        forms[form.id] = JSON.parse(readFileSync(join(folder, form.resource), 'utf8')) as Record<string, unknown>;
      }
      return {
        slug,
        dir: folder,
        item,
        bpmn: readFileSync(join(folder, item.procedure.resource), 'utf8'),
        forms,
        readme: readFileSync(join(folder, 'README.md'), 'utf8'),
      };
    });
}
