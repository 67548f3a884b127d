import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression } from 'feelin';

const parseFeel = (expression: string) => parseExpression(expression, {}, undefined);
import { validate } from '@tongban/schemas';
import { loadHandwrittenItems } from '../src/index';
import { extensionOf, headersOf, parseBpmn, type ModdleElement } from './bpmn-helpers';

// Issue #2 point 5(a): hand-written real items with checklists, forms and BPMN that the runtime can run.
const items = loadHandwrittenItems();
const ROLES = new Set(['acceptance-clerk', 'reviewer', 'decider', 'clerk']);
const STAGES = new Set(['accept', 'review', 'decide', 'close', 'deliver']);
const SERVICE_TYPES = new Set(['tongban.review-assistant', 'tongban.licence-issue', 'tongban.notify', 'tongban.follow-on']);
const SUPPORTED = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:ReceiveTask',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway',
  'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:SubProcess', 'bpmn:CallActivity', 'bpmn:SequenceFlow',
]);

/** Every field key of a form-js schema that becomes a variable (keys and dynamic-list paths, through groups). */
function formKeys(components: unknown[]): string[] {
  const keys: string[] = [];
  for (const component of components as { key?: string; path?: string; components?: unknown[]; type: string }[]) {
    if (component.key) keys.push(component.key);
    if (component.type === 'dynamiclist' && component.path) keys.push(component.path);
    else if (component.components) keys.push(...formKeys(component.components));
  }
  return keys;
}

function unknownVariables(expression: string, known: string[]): string[] {
  const context = Object.fromEntries(known.map((key) => [key, null]));
  const { warnings } = evaluate(expression.slice(1), context) as { warnings: { type: string; message: string }[] };
  return warnings.filter((warning) => warning.type === 'NO_VARIABLE_FOUND').map((warning) => warning.message);
}

describe('hand-written items', () => {
  it('has at least ten items, among them the eight named in the requirement', () => {
    expect(items.length).toBeGreaterThanOrEqual(10);
    const names = items.map((entry) => entry.item.name).join('|');
    for (const name of ['食品经营许可', '企业开办', '城乡居民基本养老保险参保登记', '残疾人证', '建设工程规划许可证', '企业投资项目', '出生医学证明', '公共场所卫生许可']) {
      expect(names).toContain(name);
    }
  });

  it('gives each item a unique code and process id', () => {
    expect(new Set(items.map((entry) => entry.item.code)).size).toBe(items.length);
    expect(new Set(items.map((entry) => entry.item.procedure.processId)).size).toBe(items.length);
  });

  describe.each(items.map((entry) => [entry.slug, entry] as const))('%s', (_slug, entry) => {
    const { item } = entry;

    it('validates against the item contract', () => {
      const result = validate('item', item);
      expect(result.issues).toEqual([]);
    });

    it('has a README paragraph and a legal basis with an article number', () => {
      expect(entry.readme.length).toBeGreaterThan(100);
      expect(item.legalBasis.some((basis) => basis.article)).toBe(true);
    });

    it('uses form-js schemas of version 16 or 17 whose ids match the declared form ids', () => {
      for (const [id, form] of Object.entries(entry.forms)) {
        expect([16, 17]).toContain(form.schemaVersion);
        expect(form.type).toBe('default');
        expect(form.id).toBe(id);
      }
    });

    it('writes every checklist condition in FEEL over application form fields', () => {
      const application = item.forms.find((form) => form.purpose === 'application')!;
      const keys = formKeys(entry.forms[application.id]!.components as unknown[]);
      for (const material of item.materials.filter((m) => m.condition)) {
        expect(() => parseFeel(material.condition!.slice(1)), material.id).not.toThrow();
        expect(unknownVariables(material.condition!, keys), material.id).toEqual([]);
      }
    });

    it('hides form fields with FEEL that parses', () => {
      const walk = (components: unknown[]) => {
        for (const component of components as { conditional?: { hide?: string }; components?: unknown[] }[]) {
          if (component.conditional?.hide) expect(() => parseFeel(component.conditional!.hide!.slice(1))).not.toThrow();
          if (component.components) walk(component.components);
        }
      };
      for (const form of Object.values(entry.forms)) walk(form.components as unknown[]);
    });

    it('has a BPMN model that parses without warnings, with a diagram for every element', async () => {
      const { warnings, process, elements, diagramIds } = await parseBpmn(entry.bpmn);
      expect(warnings.map((warning) => warning.message)).toEqual([]);
      expect(process.id).toBe(item.procedure.processId);
      for (const element of elements) {
        expect(SUPPORTED.has(element.$type), `${element.id} is ${element.$type}`).toBe(true);
        expect(diagramIds.has(element.id), `${element.id} has no BPMNDI`).toBe(true);
      }
    });

    it('follows the procedure conventions for tasks, forms, gateways and ends', async () => {
      const { elements } = await parseBpmn(entry.bpmn);
      const taskForms = new Set(item.forms.filter((form) => form.purpose === 'task').map((form) => form.id));
      const byType = (type: string) => elements.filter((element) => element.$type === type);
      for (const task of byType('bpmn:UserTask')) {
        const headers = headersOf(task);
        expect(STAGES.has(headers.stage!), `${task.id} stage`).toBe(true);
        expect(ROLES.has(extensionOf(task, 'zeebe:AssignmentDefinition')?.candidateGroups ?? ''), `${task.id} role`).toBe(true);
        const formId = extensionOf(task, 'zeebe:FormDefinition')?.formId;
        if (formId) expect(taskForms.has(formId), `${task.id} form ${formId}`).toBe(true);
        const due = extensionOf(task, 'zeebe:TaskSchedule')?.dueDate;
        if (due) {
          const days = Number(/addWorkingDays\(now\(\), (\d+)\)/.exec(due)?.[1]);
          const limit = item.stageTimeLimitsDays?.[headers.stage as 'accept'];
          expect(limit, `${task.id} due without a stage limit`).toBeDefined();
          expect(days).toBeLessThanOrEqual(limit!);
        }
      }
      for (const task of byType('bpmn:ServiceTask')) {
        const type = extensionOf(task, 'zeebe:TaskDefinition')?.type ?? '';
        expect(SERVICE_TYPES.has(type), `${task.id} type ${type}`).toBe(true);
        if (type === 'tongban.licence-issue') expect(item.licenceIssued).toBeDefined();
        if (type === 'tongban.follow-on') {
          for (const code of headersOf(task).items!.split(',')) expect(items.map((e) => e.item.code)).toContain(code);
        }
      }
      if (item.licenceIssued) expect(elements.some((e) => extensionOf(e, 'zeebe:TaskDefinition')?.type === 'tongban.licence-issue')).toBe(true);
      for (const task of byType('bpmn:ReceiveTask')) {
        expect(task.messageRef?.name).toBe('supplement');
        const subscription = task.messageRef?.extensionElements?.values.find((v) => v.$type === 'zeebe:Subscription');
        expect(subscription?.correlationKey).toBe('=applicationNumber');
      }
      for (const flow of byType('bpmn:SequenceFlow').filter((f) => f.conditionExpression)) {
        expect(flow.conditionExpression!.body.startsWith('=')).toBe(true);
        expect(() => parseFeel(flow.conditionExpression!.body.slice(1))).not.toThrow();
      }
      const outgoing = (node: ModdleElement) => byType('bpmn:SequenceFlow').filter((f) => f.sourceRef?.id === node.id);
      for (const gateway of byType('bpmn:ExclusiveGateway').filter((g) => outgoing(g).length > 1)) {
        expect(gateway.default, `${gateway.id} default flow`).toBeDefined();
      }
      const results = byType('bpmn:EndEvent')
        .filter((end) => !end.eventDefinitions?.length && !end.id.startsWith('parallel'))
        .map((end) => extensionOf(end, 'zeebe:Properties')?.properties?.find((p) => p.name === 'result')?.value);
      expect(results).toContain('approved');
      expect(results.every((result) => ['approved', 'rejected', 'not-accepted'].includes(result!))).toBe(true);
    });
  });
});
