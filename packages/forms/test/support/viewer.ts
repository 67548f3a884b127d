/**
 * The real @bpmn-io/form-js-viewer, rendered in jsdom, as the oracle of the agreement test.
 *
 * jsdom 27 is used (jsdom 31 needs Node 22). Browser APIs jsdom lacks are polyfilled here only. Preact's effect
 * scheduler is pointed at a queue this harness flushes, so a form settles in a few macrotasks instead of waiting
 * for animation frames.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSDOM } from 'jsdom';

/** One field error of the viewer: the value path of the field instance and the viewer's message. */
export interface ViewerError {
  pointer: string;
  message: string;
}

/** What `Form#submit()` returned, plus the state the form settled in. */
export interface ViewerSubmission {
  data: Record<string, unknown>;
  errors: ViewerError[];
  state: Record<string, unknown>;
}

type FormInstance = {
  importSchema(schema: unknown, data?: unknown): Promise<unknown>;
  submit(): { data: Record<string, unknown>; errors: Record<string, unknown> };
  destroy(): void;
  get(name: string): unknown;
  _getState(): { data: Record<string, unknown> };
};

interface Harness {
  Form: new (options: Record<string, unknown>) => FormInstance;
  flush(): Promise<void>;
  pending(): number;
}

let harness: Promise<Harness> | undefined;

function installDom(): void {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true, url: 'https://tongban.example/' });
  const target = globalThis as Record<string, unknown>;
  const window = dom.window as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in target) continue;
    try {
      target[key] = window[key];
    } catch {
      // read-only globals of Node stay as they are
    }
  }
  target.window = dom.window;
  target.document = dom.window.document;
  target.navigator = dom.window.navigator;
  // jsdom has no DataTransfer; the file picker only uses it to mirror selected files into its <input>.
  class DataTransferStub {
    readonly items = { add: () => undefined };
    get files() {
      return (dom.window.document.createElement('input') as HTMLInputElement).files;
    }
  }
  target.DataTransfer = DataTransferStub;
  (dom.window as unknown as Record<string, unknown>).DataTransfer = DataTransferStub;
  (dom.window.HTMLElement.prototype as unknown as Record<string, unknown>).scrollIntoView = () => undefined;
  // jsdom computes the full cascade for getComputedStyle, which makes textarea auto-sizing and the date
  // picker take most of the test's time; layout never influences form data, so an empty style will do.
  const emptyStyle = () => new Proxy({}, { get: (_target, property) => (property === 'getPropertyValue' ? () => '' : '') });
  target.getComputedStyle = emptyStyle;
  (dom.window as unknown as Record<string, unknown>).getComputedStyle = emptyStyle;
}

async function load(): Promise<Harness> {
  installDom();
  const require = createRequire(import.meta.url);
  const viewerEntry = require.resolve('@bpmn-io/form-js-viewer');
  const preactDir = dirname(createRequire(viewerEntry).resolve('preact/package.json'));
  const preact = (await import(pathToFileURL(join(preactDir, 'dist/preact.mjs')).href)) as { options: Record<string, unknown> };
  let queue: Array<() => void> = [];
  preact.options.requestAnimationFrame = (callback: () => void) => {
    queue.push(callback);
  };
  const viewer = (await import('@bpmn-io/form-js-viewer')) as unknown as { Form: Harness['Form'] };
  return {
    Form: viewer.Form,
    pending: () => queue.length,
    flush: async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const callbacks = queue;
      queue = [];
      callbacks.forEach((callback) => callback());
    },
  };
}

function collectErrors(form: FormInstance, errors: Record<string, unknown>): ViewerError[] {
  const registry = form.get('formFieldInstanceRegistry') as { getAll(): Array<{ id: string; valuePath: Array<string | number>; indexes?: Record<string, number> }> };
  const found: ViewerError[] = [];
  for (const instance of registry.getAll()) {
    let messages: unknown = errors[instance.id];
    for (const index of Object.values(instance.indexes ?? {})) {
      messages = Array.isArray(messages) || (messages && typeof messages === 'object') ? (messages as Record<number, unknown>)[index] : undefined;
    }
    if (!Array.isArray(messages)) continue;
    for (const message of messages) {
      if (typeof message === 'string') {
        found.push({ pointer: instance.valuePath.map((segment) => `/${String(segment)}`).join(''), message });
      }
    }
  }
  return found;
}

/**
 * Imports `schema` with `data` into a fresh viewer, lets it settle (renders and effects, until the data stops
 * changing), submits, and returns the submitted data and the errors by value path.
 */
export async function submitWithViewer(schema: unknown, data: Record<string, unknown>): Promise<ViewerSubmission> {
  harness ??= load();
  const { Form, flush, pending } = await harness;
  const container = document.createElement('div');
  document.body.appendChild(container);
  const form = new Form({ container, debounce: false });
  try {
    await form.importSchema(structuredClone(schema), structuredClone(data));
    let previous = '';
    let stable = 0;
    for (let round = 0; round < 200 && stable < 3; round++) {
      await flush();
      const current = JSON.stringify(form._getState().data);
      stable = current === previous && pending() === 0 ? stable + 1 : 0;
      previous = current;
    }
    const result = form.submit();
    return {
      data: JSON.parse(JSON.stringify(result.data)) as Record<string, unknown>,
      errors: collectErrors(form, result.errors),
      state: JSON.parse(JSON.stringify(form._getState().data)) as Record<string, unknown>,
    };
  } finally {
    form.destroy();
    container.remove();
  }
}
