import { describe, expect, it } from 'vitest';
import { compileDefinition, DEPLOY_PROBLEM_CODES, listStartEvents, type DeployProblem } from '../../src/index.js';
import { bpmn, compileOk } from '../support/harness.js';

function codes(problems: DeployProblem[], severity: 'error' | 'warning' = 'error'): string[] {
  return problems.filter((problem) => problem.severity === severity).map((problem) => `${problem.code}@${problem.elementId}`);
}

const START = `<bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>`;

describe('compileDefinition', () => {
  it('compiles a linear model into a JSON definition that lists elements, flows and start events', async () => {
    // given a start → user task → end model
    const xml = bpmn(`${START}
      <bpmn:userTask id="accept" name="受理">
        <bpmn:extensionElements>
          <zeebe:assignmentDefinition candidateGroups="acceptance-clerk" />
          <zeebe:formDefinition formId="application-form" />
          <zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders>
        </bpmn:extensionElements>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="accept" />
      <bpmn:sequenceFlow id="f1" sourceRef="accept" targetRef="end" />`);
    // when it is compiled
    const result = await compileDefinition(xml);
    // then it is accepted and the definition survives JSON
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(JSON.parse(JSON.stringify(result.definition))).toEqual(result.definition);
    const process = result.definition.processes[0]!;
    expect(process.executable).toBe(true);
    expect(process.elements.accept).toMatchObject({
      kind: 'userTask',
      name: '受理',
      headers: { stage: 'accept' },
      userTask: { candidateGroups: 'acceptance-clerk', form: { formId: 'application-form' } },
      incoming: ['f0'],
      outgoing: ['f1'],
    });
    expect(process.flows.f1).toEqual({ id: 'f1', sourceId: 'accept', targetId: 'end', isDefault: false });
    expect(listStartEvents(result.definition)).toEqual([{ processId: 'p', elementId: 'start', kind: 'none' }]);
  });

  it('refuses a model with every problem in one report', async () => {
    // given a model with a complex gateway, a gateway flow without condition, a broken FEEL condition, a service
    // task without job type, an unreachable task and a signal intermediate catch event (Refs #3)
    const xml = bpmn(`${START}
      <bpmn:exclusiveGateway id="xor" />
      <bpmn:serviceTask id="noType" />
      <bpmn:complexGateway id="complex" />
      <bpmn:userTask id="island" />
      <bpmn:intermediateCatchEvent id="signalCatch"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="xor" />
      <bpmn:sequenceFlow id="a" sourceRef="xor" targetRef="noType"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=x &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="b" sourceRef="xor" targetRef="complex" />
      <bpmn:sequenceFlow id="c" sourceRef="complex" targetRef="signalCatch" />
      <bpmn:sequenceFlow id="d" sourceRef="signalCatch" targetRef="end" />
      <bpmn:sequenceFlow id="e" sourceRef="noType" targetRef="end" />`, 'p', '<bpmn:signal id="sig" name="s" />');
    // when it is compiled
    const result = await compileDefinition(xml);
    // then it is refused with each offending element named
    expect(result.ok).toBe(false);
    expect(codes(result.report.problems).sort()).toEqual(
      [
        'TB_BPMN_MISSING_JOB_TYPE@noType',
        'TB_BPMN_UNSUPPORTED_ELEMENT@complex',
        'TB_BPMN_UNSUPPORTED_ELEMENT@signalCatch',
        'TB_BPMN_MISSING_CONDITION@b',
        'TB_BPMN_UNREACHABLE@island',
        'TB_BPMN_FEEL_SYNTAX@a',
      ].sort(),
    );
    const complex = result.report.problems.find((problem) => problem.elementId === 'complex')!;
    expect(complex.elementType).toBe('bpmn:ComplexGateway');
    expect(complex.message.zh).toContain('不支持');
    expect(complex.message.en).toContain('ComplexGateway');
  });

  it('reports unparsable XML instead of throwing', async () => {
    const result = await compileDefinition('<bpmn:definitions');
    expect(result.ok).toBe(false);
    expect(codes(result.report.problems)).toEqual(['TB_BPMN_XML_INVALID@']);
  });

  it('refuses a document without an executable process and downgrades its element problems to warnings', async () => {
    const xml = bpmn(`${START}<bpmn:complexGateway id="g" /><bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="g" />`).replace('isExecutable="true"', 'isExecutable="false"');
    const result = await compileDefinition(xml);
    expect(result.ok).toBe(false);
    expect(codes(result.report.problems)).toEqual(['TB_BPMN_NO_EXECUTABLE_PROCESS@defs']);
    expect(codes(result.report.problems, 'warning')).toContain('TB_BPMN_UNSUPPORTED_ELEMENT@g');
  });

  it('accepts runtime FEEL functions only when they are declared', async () => {
    const xml = bpmn(`${START}
      <bpmn:userTask id="t"><bpmn:extensionElements><zeebe:taskSchedule dueDate="=add working days(now(), 5)" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="t" />`);
    const refused = await compileDefinition(xml);
    expect(codes(refused.report.problems)).toEqual(['TB_BPMN_FEEL_UNKNOWN_FUNCTION@t']);
    const accepted = await compileDefinition(xml, { functionNames: ['add working days'] });
    expect(accepted.ok).toBe(true);
  });

  it('validates static timers at deploy time and refuses cron cycles', async () => {
    const xml = bpmn(`${START}
      <bpmn:intermediateCatchEvent id="bad"><bpmn:timerEventDefinition><bpmn:timeDuration>P1X</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="t" />
      <bpmn:boundaryEvent id="cron" attachedToRef="t" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * ?</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="bad" />
      <bpmn:sequenceFlow id="f1" sourceRef="bad" targetRef="t" />`);
    const result = await compileDefinition(xml);
    expect(codes(result.report.problems).sort()).toEqual(['TB_BPMN_TIMER_INVALID@bad', 'TB_BPMN_UNSUPPORTED_FEATURE@cron']);
  });

  it('requires correlation keys on message catch events and resolves them from the message', async () => {
    const xml = bpmn(
      `${START}
      <bpmn:intermediateCatchEvent id="noKey"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:intermediateCatchEvent>
      <bpmn:receiveTask id="withKey" messageRef="m2" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="noKey" />
      <bpmn:sequenceFlow id="f1" sourceRef="noKey" targetRef="withKey" />`,
      'p',
      `<bpmn:message id="m1" name="one" />
       <bpmn:message id="m2" name="supplement"><bpmn:extensionElements><zeebe:subscription correlationKey="=applicationNumber" /></bpmn:extensionElements></bpmn:message>`,
    );
    const result = await compileDefinition(xml);
    expect(codes(result.report.problems)).toEqual(['TB_BPMN_MISSING_CORRELATION_KEY@noKey']);
  });

  it('computes the upstream set of an inclusive join', async () => {
    const definition = await compileOk(
      bpmn(`${START}
      <bpmn:inclusiveGateway id="fork" default="d" />
      <bpmn:task id="a" /><bpmn:task id="b" />
      <bpmn:inclusiveGateway id="join" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
      <bpmn:sequenceFlow id="fa" sourceRef="fork" targetRef="a"><bpmn:conditionExpression>=x</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="d" sourceRef="fork" targetRef="b" />
      <bpmn:sequenceFlow id="ja" sourceRef="a" targetRef="join" />
      <bpmn:sequenceFlow id="jb" sourceRef="b" targetRef="join" />
      <bpmn:sequenceFlow id="fe" sourceRef="join" targetRef="end" />`),
    );
    const join = definition.processes[0]!.elements.join!;
    expect(join.join).toBe('inclusive');
    expect(join.upstream).toEqual(['a', 'b', 'fork', 'start']);
  });

  it('refuses execution and task listeners instead of ignoring them', async () => {
    const xml = bpmn(`${START}
      <bpmn:userTask id="t"><bpmn:extensionElements><zeebe:taskListeners><zeebe:taskListener eventType="completing" type="audit" /></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>
      <bpmn:serviceTask id="s"><bpmn:extensionElements><zeebe:taskDefinition type="x" /><zeebe:executionListeners><zeebe:executionListener eventType="start" type="log" /></zeebe:executionListeners></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="t" />
      <bpmn:sequenceFlow id="f1" sourceRef="t" targetRef="s" />`);
    const result = await compileDefinition(xml);
    expect(codes(result.report.problems)).toEqual(['TB_BPMN_UNSUPPORTED_FEATURE@t', 'TB_BPMN_UNSUPPORTED_FEATURE@s']);
  });

  it('has zh and en messages for every problem code', () => {
    expect(DEPLOY_PROBLEM_CODES.length).toBeGreaterThan(20);
  });
});
