import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { describe, expect, it } from 'vitest';
import { createLintConfig } from './lint/config';

/** `shared/conformance` beside the repository (models written by others; never edited). */
const CONFORMANCE = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'conformance');

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return bpmnFiles(path);
    return name.endsWith('.bpmn') ? [path] : [];
  });
}

function ids(xml: string): string[] {
  return [...xml.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!).sort();
}

const moddle = new BpmnModdle({ zeebe: zeebeModdle }) as BpmnModdle & {
  toXML(element: unknown, options?: { format?: boolean }): Promise<{ xml: string }>;
};
const files = bpmnFiles(CONFORMANCE);

describe('BPMN import › every conformance model', () => {
  it('finds the conformance models', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files.map((file) => [relative(CONFORMANCE, file), file]))('%s reads, lints and writes back without losing an element', async (_name, file) => {
    // given a model drawn elsewhere (Camunda Modeler, MIWG vendors, hand-written)
    const xml = readFileSync(file, 'utf8');
    // when it is read the way bpmn-js reads it, linted with the Tongban rules and written back
    const { rootElement, warnings } = await moddle.fromXML(xml);
    const results = await new Linter(createLintConfig()).lint(rootElement);
    const { xml: written } = await moddle.toXML(rootElement, { format: true });
    // then every id of the original is still there, and every finding names an element
    expect(Array.isArray(warnings)).toBe(true);
    const before = new Set(ids(xml));
    const after = new Set(ids(written));
    expect([...before].filter((id) => !after.has(id))).toEqual([]);
    for (const reports of Object.values(results)) for (const report of reports) expect(typeof report.id).toBe('string');
  });
});
