// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { engineChecker, normaliseReport, problemsByElement } from './engine-report';

const model = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

describe('engine report › the publish-time check of @tongban/engine', () => {
  it('names the element the engine refuses', async () => {
    const check = engineChecker()!;
    const report = await check(model(`
      <bpmn:startEvent id="start" /><bpmn:complexGateway id="complex" /><bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="complex" /><bpmn:sequenceFlow id="f2" sourceRef="complex" targetRef="end" />`));
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ severity: 'error', elementId: 'complex', code: 'TB_BPMN_UNSUPPORTED_ELEMENT' }));
    expect(problemsByElement(report.problems).get('complex')?.[0]?.message.zh).toBeTruthy();
  });

  it('knows the FEEL functions the runtime provides', async () => {
    const report = await engineChecker()!(model(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="task"><bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="reviewer" />
        <zeebe:taskSchedule dueDate="=addWorkingDays(now(), 5)" />
      </bpmn:extensionElements></bpmn:userTask>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" /><bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />`));
    expect(report.problems.filter((problem) => problem.code === 'TB_BPMN_FEEL_UNKNOWN_FUNCTION')).toEqual([]);
  });

  it('derives ok from the severities when the answer does not say', () => {
    const warning = { severity: 'warning' as const, elementId: 'a', elementType: 'bpmn:Task', code: 'X', message: { zh: '', en: '' } };
    expect(normaliseReport({ report: { problems: [warning] } })).toEqual({ ok: true, problems: [warning] });
    expect(normaliseReport({ problems: [{ ...warning, severity: 'error' }] }).ok).toBe(false);
  });
});
