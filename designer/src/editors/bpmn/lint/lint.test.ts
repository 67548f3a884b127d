import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { describe, expect, it } from 'vitest';
import { createLintConfig } from './config';
import { setLintLanguage } from './messages';

const moddle = new BpmnModdle({ zeebe: zeebeModdle });

/** Wraps flow elements in a process with DI-free definitions. */
function model(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
}

async function lint(xml: string, options?: Parameters<typeof createLintConfig>[0]) {
  const { rootElement } = await moddle.fromXML(xml);
  const results = await new Linter(createLintConfig(options)).lint(rootElement);
  return Object.entries(results).flatMap(([rule, reports]) => reports.map((report) => ({ rule, id: report.id, message: report.message, category: report.category })));
}

const tongban = (reports: Awaited<ReturnType<typeof lint>>) => reports.filter((report) => report.rule.startsWith('tongban/'));

const task = (id: string, extensions: string) => `<bpmn:userTask id="${id}" name="审查"><bpmn:extensionElements>${extensions}</bpmn:extensionElements></bpmn:userTask>`;
const assigned = '<zeebe:assignmentDefinition candidateGroups="reviewer" />';
const staged = (stage: string) => `<zeebe:taskHeaders><zeebe:header key="stage" value="${stage}" /></zeebe:taskHeaders>`;

describe('bpmnlint config › Tongban rules', () => {
  it('reports a user task without candidate groups, in Chinese by default', async () => {
    // given a user task with a stage but nobody assigned
    const reports = tongban(await lint(model(task('review', staged('review')))));
    // then exactly the candidate-group rule fires on it
    expect(reports).toEqual([expect.objectContaining({ rule: 'tongban/user-task-candidate-groups', id: 'review', message: '用户任务未设置候选组（办理角色）' })]);
  });

  it('accepts a user task with candidate groups and a valid stage', async () => {
    expect(tongban(await lint(model(task('review', assigned + staged('review')))))).toEqual([]);
  });

  it('requires a stage header on user tasks and checks its value', async () => {
    const missing = tongban(await lint(model(task('a', assigned))));
    expect(missing.map((report) => [report.rule, report.category])).toEqual([['tongban/stage-header', 'warn']]);
    const required = tongban(await lint(model(task('a', assigned)), { stageRequired: true }));
    expect(required.map((report) => [report.rule, report.category])).toEqual([['tongban/stage-header', 'error']]);
    const wrong = tongban(await lint(model(task('b', assigned + staged('approve')))));
    expect(wrong[0]?.message).toContain('approve');
  });

  it('requires a stage on service tasks only when configured', async () => {
    const service = '<bpmn:serviceTask id="s"><bpmn:extensionElements><zeebe:taskDefinition type="tongban.notify" /></bpmn:extensionElements></bpmn:serviceTask>';
    expect(tongban(await lint(model(service)))).toEqual([]);
    const required = tongban(await lint(model(service), { stageRequiredFor: ['bpmn:UserTask', 'bpmn:ServiceTask'] }));
    expect(required.map((report) => [report.rule, report.id])).toEqual([['tongban/stage-header', 's']]);
  });

  it('flags elements the engine does not execute, and nothing else', async () => {
    const reports = tongban(await lint(model(`
      <bpmn:complexGateway id="complex" />
      <bpmn:businessRuleTask id="rules" />
      <bpmn:intermediateThrowEvent id="signal"><bpmn:signalEventDefinition /></bpmn:intermediateThrowEvent>
      <bpmn:task id="plain"><bpmn:standardLoopCharacteristics /></bpmn:task>
      <bpmn:serviceTask id="many"><bpmn:multiInstanceLoopCharacteristics /></bpmn:serviceTask>
      <bpmn:inclusiveGateway id="inclusive" />
      <bpmn:transaction id="transaction" />
      <bpmn:subProcess id="events" triggeredByEvent="true" />`)));
    const unsupported = reports.filter((report) => report.rule === 'tongban/unsupported-element').map((report) => report.id);
    expect(unsupported.sort()).toEqual(['complex', 'plain', 'signal', 'transaction']);
  });

  it('uses the engine registry when one is given', async () => {
    const reports = await lint(model('<bpmn:complexGateway id="complex" />'), { supportedElements: ['bpmn:ComplexGateway'] });
    expect(reports.filter((report) => report.rule === 'tongban/unsupported-element')).toEqual([]);
  });

  it('reports an exclusive gateway with unconditioned flows and no default, on each such flow', async () => {
    const reports = tongban(await lint(model(`
      <bpmn:exclusiveGateway id="g" />
      <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" />
      <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=approved</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="e2" />
      <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="e3" />`)));
    expect(reports.map((report) => [report.rule, report.id])).toEqual([
      ['tongban/exclusive-gateway-default', 'f2'], ['tongban/exclusive-gateway-default', 'f3'],
    ]);
  });

  it('accepts an exclusive gateway with a default flow', async () => {
    const reports = tongban(await lint(model(`
      <bpmn:exclusiveGateway id="g" default="f2" />
      <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
      <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=approved</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="e2" />`)));
    expect(reports).toEqual([]);
  });

  it('reports FEEL syntax errors in conditions and zeebe attributes on the owning element', async () => {
    const reports = tongban(await lint(model(`
      <bpmn:exclusiveGateway id="g" default="f2" />
      <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
      <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="e2" />
      ${task('t', `${assigned}${staged('accept')}<zeebe:taskSchedule dueDate="=addWorkingDays(now(), " />`)}`)));
    expect(reports.map((report) => [report.rule, report.id])).toEqual([['tongban/feel-syntax', 'f1'], ['tongban/feel-syntax', 't']]);
    expect(reports[1]?.message).toContain('taskSchedule.dueDate');
  });

  it('translates the built-in rules and can switch to English', async () => {
    const xml = model('<bpmn:userTask id="lonely" />');
    const zh = await lint(xml);
    expect(zh.find((report) => report.rule === 'no-disconnected')?.message).toBe('元素未与流程连接');
    setLintLanguage('en');
    try {
      const en = await lint(xml);
      expect(en.find((report) => report.rule === 'no-disconnected')?.message).toBe('Element is not connected');
      expect(en.find((report) => report.rule === 'tongban/user-task-candidate-groups')?.message).toBe('the user task has no candidate groups');
    } finally {
      setLintLanguage('zh');
    }
  });
});
