import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDefinition, type CompiledDefinition } from '@tongban/engine';
import { FEEL_FUNCTION_NAMES } from '../../engine/context';
import { diffValues, diffVersions, type DiffSide } from './diff';

const templates = new URL('../../../../examples/templates/', import.meta.url);
const SIMPLE = readFileSync(new URL('procedures/simple.bpmn', templates), 'utf8');
const FORM = JSON.parse(readFileSync(new URL('forms/decision-opinion.form.json', templates), 'utf8'));

async function compile(xml: string): Promise<CompiledDefinition> {
  const result = await compileDefinition(xml, { functionNames: [...FEEL_FUNCTION_NAMES] });
  if (!result.ok) throw new Error('does not compile');
  return result.definition;
}

const item = (overrides: Record<string, unknown> = {}) => ({
  code: 'XK09990001', name: '测试', committedTimeLimitDays: 10, channels: ['online'],
  materials: [{ id: 'M001', name: '申请书', requirement: 'required' }, { id: 'M002', name: '委托书', requirement: 'optional' }],
  forms: [{ id: 'decision-opinion', purpose: 'task' }], procedure: { processId: 'template-simple' }, ...overrides,
});

describe('diffValues', () => {
  it('gives leaf changes of objects and whole arrays', () => {
    expect(diffValues({ a: 1, b: { c: 2 }, list: [1] }, { a: 1, b: { c: 3, d: 4 }, list: [1, 2] })).toEqual([
      { path: '/b/c', change: 'changed', before: 2, after: 3 },
      { path: '/b/d', change: 'added', after: 4 },
      { path: '/list', change: 'changed', before: [1], after: [1, 2] },
    ]);
    expect(diffValues({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
  });
});

describe('diffVersions', () => {
  it('matches materials, form fields, BPMN elements and flows by id', async () => {
    const changedForm = structuredClone(FORM);
    changedForm.components.push({ type: 'textfield', key: 'licenceNumber', label: '许可证编号', validate: { required: true } });
    changedForm.components.find((component: { key?: string }) => component.key === 'decisionOpinion').label = '决定意见（必填）';
    const bpmn = SIMPLE.replace('name="决定"', 'name="审查决定"')
      .replace('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decideOutcome = "deny"</bpmn:conditionExpression>', '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=decideOutcome = "deny" or decideOutcome = "return"</bpmn:conditionExpression>');
    const from: DiffSide = { item: item(), forms: { 'decision-opinion': FORM }, definition: await compile(SIMPLE) };
    const to: DiffSide = {
      item: item({ committedTimeLimitDays: 5, materials: [{ id: 'M001', name: '申请书（新）', requirement: 'required' }, { id: 'M003', name: '证明', requirement: 'required' }] }),
      forms: { 'decision-opinion': changedForm },
      definition: await compile(bpmn),
    };
    const diff = diffVersions(from, to);
    expect(diff.identical).toBe(false);
    expect(diff.elements).toEqual([{ path: '/committedTimeLimitDays', change: 'changed', before: 10, after: 5 }]);
    expect(diff.materials).toEqual({
      added: [{ id: 'M003', name: '证明' }], removed: [{ id: 'M002', name: '委托书' }],
      changed: [{ id: 'M001', changes: [{ path: '/name', change: 'changed', before: '申请书', after: '申请书（新）' }] }],
    });
    expect(diff.forms.changed[0]!.fields.added).toEqual([{ key: 'licenceNumber', type: 'textfield', label: '许可证编号', required: true, path: '/licenceNumber' }]);
    expect(diff.forms.changed[0]!.fields.changed).toEqual([{ id: 'decisionOpinion', changes: [{ path: '/label', change: 'changed', before: '决定意见', after: '决定意见（必填）' }] }]);
    expect(diff.procedure.elements.changed).toEqual([{ id: 'decide', changes: [{ path: '/name', change: 'changed', before: '决定', after: '审查决定' }] }]);
    expect(diff.procedure.flows.changed.map((flow) => flow.id)).toEqual(['Flow_decision_gateway_notify_rejected']);
    expect(diff.summary).toEqual({
      elements: 1, materials: { added: 1, removed: 1, changed: 1 }, forms: { added: 0, removed: 0, changed: 1 }, formFields: { added: 1, removed: 0, changed: 1 },
      bpmnElements: { added: 0, removed: 0, changed: 1 }, flows: { added: 0, removed: 0, changed: 1 },
    });
  });

  it('says identical for the same content and reports a procedure that does not compile', async () => {
    const definition = await compile(SIMPLE);
    const side: DiffSide = { item: item(), forms: { 'decision-opinion': FORM }, definition };
    expect(diffVersions(side, structuredClone(side)).identical).toBe(true);
    const broken = diffVersions(side, { item: item(), forms: { 'decision-opinion': FORM } });
    expect(broken.procedure.error).toBe('the later procedure does not compile');
    expect(broken.identical).toBe(false);
  });
});
