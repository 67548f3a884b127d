/**
 * Reading the shared form-js conformance fixtures (by path, never edited) and this package's own fixtures.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import type { FormSchema } from '../../src/index';

/** The shared conformance directory, `shared/conformance/form-js/` beside the repository. */
export const CONFORMANCE_DIR = new URL('../../../../../shared/conformance/form-js/', import.meta.url);

/** This package's hand-written forms. */
export const OWN_FIXTURES_DIR = new URL('../fixtures/', import.meta.url);

/** The names (without `.json`) of every conformance form. */
export function conformanceNames(): string[] {
  return readdirSync(CONFORMANCE_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

/** A conformance form by name, e.g. `viewer-condition`. */
export function conformanceForm(name: string): FormSchema {
  return JSON.parse(readFileSync(new URL(`${name}.json`, CONFORMANCE_DIR), 'utf8')) as FormSchema;
}

/** One of this package's fixture forms by file name, e.g. `food-business-licence.form.json`. */
export function ownForm(name: string): FormSchema {
  return JSON.parse(readFileSync(new URL(name, OWN_FIXTURES_DIR), 'utf8')) as FormSchema;
}

/** The file names of this package's fixture forms. */
export function ownFormNames(): string[] {
  return readdirSync(OWN_FIXTURES_DIR).filter((name) => name.endsWith('.form.json')).sort();
}

/**
 * The forms of the example catalogue (`examples/items/<item>/*.form` or `*.form.json`, any JSON with
 * `type: 'default'` and `components`), by relative path. Empty while the catalogue has none.
 */
export function exampleForms(): Array<{ name: string; form: FormSchema }> {
  const root = new URL('../../../../examples/items/', import.meta.url);
  if (!existsSync(root)) return [];
  const found: Array<{ name: string; form: FormSchema }> = [];
  for (const item of readdirSync(root, { withFileTypes: true })) {
    if (!item.isDirectory()) continue;
    const dir = new URL(`${item.name}/`, root);
    for (const file of readdirSync(dir)) {
      if (!/\.form(\.json)?$/.test(file) && !/^form.*\.json$/.test(file)) continue;
      try {
        const form = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;
        if (form.type === 'default' && Array.isArray(form.components)) found.push({ name: `${item.name}/${file}`, form: form as FormSchema });
      } catch {
        // not a form; the examples package checks its own files
      }
    }
  }
  return found;
}
