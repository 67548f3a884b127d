import { describe, expect, it } from 'vitest';
import { bpmn, compileOk, Run, runBothWays } from '../support/harness.js';

const cond = (text: string): string => `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${text}</bpmn:conditionExpression>`;
const job = (id: string, type = id): string =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>`;

const XOR = bpmn(`
  <bpmn:startEvent id="start" />
  <bpmn:exclusiveGateway id="decide" default="toOther" />
  ${job('approve')}${job('reject')}${job('other')}
  <bpmn:endEvent id="end" />
  <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="decide" />
  <bpmn:sequenceFlow id="toApprove" sourceRef="decide" targetRef="approve">${cond('=score &gt;= 60')}</bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="toReject" sourceRef="decide" targetRef="reject">${cond('=score &gt;= 0')}</bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="toOther" sourceRef="decide" targetRef="other" />
  <bpmn:sequenceFlow id="a" sourceRef="approve" targetRef="end" />
  <bpmn:sequenceFlow id="b" sourceRef="reject" targetRef="end" />
  <bpmn:sequenceFlow id="c" sourceRef="other" targetRef="end" />`);

describe('exclusive gateway', () => {
  it('takes only the first flow whose condition holds, in the order of the gateway', async () => {
    const run = new Run(await compileOk(XOR));
    run.start({ score: 80 });
    expect(run.trail(['flowTaken'])).toEqual(['flowTaken:f0', 'flowTaken:toApprove']);
    expect(run.actions()).toMatchObject([{ type: 'jobCreated', elementId: 'approve' }]);
  });

  it('takes the default flow when no condition holds, treating null as false', async () => {
    const run = new Run(await compileOk(XOR));
    run.start({});
    expect(run.trail(['flowTaken'])).toEqual(['flowTaken:f0', 'flowTaken:toOther']);
  });

  it('raises conditionNotMet without a default flow, and retries after the variables are fixed', async () => {
    const definition = await compileOk(
      XOR.replace(' default="toOther"', '').replace(
        '<bpmn:sequenceFlow id="toOther" sourceRef="decide" targetRef="other" />',
        `<bpmn:sequenceFlow id="toOther" sourceRef="decide" targetRef="other">${cond('=false')}</bpmn:sequenceFlow>`,
      ),
    );
    const run = new Run(definition);
    run.start({ score: -1 });
    expect(run.actions(true)).toEqual([
      {
        type: 'incidentRaised',
        incidentId: 'id1',
        elementId: 'decide',
        kind: 'conditionNotMet',
        message: 'no condition of an outgoing flow of decide holds and there is no default flow',
      },
    ]);
    expect(run.activeElements()).toEqual(['decide']);
    run.send({ type: 'setVariables', variables: { score: 70 } });
    run.send({ type: 'resolveIncident', incidentId: 'id1' });
    expect(run.trail(['flowTaken']).at(-1)).toBe('flowTaken:toApprove');
  });

  it('raises an incident when a condition is not a boolean', async () => {
    const run = new Run(await compileOk(XOR.replace('=score &gt;= 60', '=score')));
    run.start({ score: 80 });
    expect(run.actions()).toMatchObject([{ type: 'incidentRaised', kind: 'invalidValue', elementId: 'decide' }]);
  });

  it('loops back through a merge until the condition changes', async () => {
    // given the zeebe-process-test looping pattern: output mapping counts, the gateway loops while count != total
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=0" target="count" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:startEvent>
      <bpmn:exclusiveGateway id="merge" />
      <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="work" /><zeebe:ioMapping><zeebe:output source="=count + 1" target="count" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:exclusiveGateway id="more" default="done" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="merge" />
      <bpmn:sequenceFlow id="f1" sourceRef="merge" targetRef="work" />
      <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="more" />
      <bpmn:sequenceFlow id="again" sourceRef="more" targetRef="merge">${cond('=count != total')}</bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="done" sourceRef="more" targetRef="end" />`),
    );
    const run = new Run(definition);
    run.start({ total: 3 });
    for (let i = 0; i < 3; i++) run.completeJob('work');
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({ total: 3, count: 3 });
    expect(run.history.filter((event) => event.kind === 'jobCreated')).toHaveLength(3);
  });
});

describe('loops without a wait state', () => {
  it('stop with a loopLimit incident instead of running forever', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:exclusiveGateway id="merge" />
      <bpmn:scriptTask id="count"><bpmn:extensionElements><zeebe:script expression="=n + 1" resultVariable="n" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:exclusiveGateway id="again" default="out" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="merge" />
      <bpmn:sequenceFlow id="f1" sourceRef="merge" targetRef="count" />
      <bpmn:sequenceFlow id="f2" sourceRef="count" targetRef="again" />
      <bpmn:sequenceFlow id="back" sourceRef="again" targetRef="merge">${cond('=n &lt; 1000000')}</bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="out" sourceRef="again" targetRef="end" />`),
    );
    const run = new Run(definition);
    run.start({ n: 0 });
    expect(run.actions()).toMatchObject([{ type: 'incidentRaised', kind: 'loopLimit' }]);
    expect(run.status).toBe('active');
  }, 30_000);
});

const AND = bpmn(`
  <bpmn:startEvent id="start" />
  <bpmn:parallelGateway id="fork" />
  ${job('a')}${job('b')}${job('c')}
  <bpmn:parallelGateway id="join" />
  ${job('after')}
  <bpmn:endEvent id="end" />
  <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
  <bpmn:sequenceFlow id="fa" sourceRef="fork" targetRef="a" />
  <bpmn:sequenceFlow id="fb" sourceRef="fork" targetRef="b" />
  <bpmn:sequenceFlow id="fc" sourceRef="fork" targetRef="c" />
  <bpmn:sequenceFlow id="ja" sourceRef="a" targetRef="join" />
  <bpmn:sequenceFlow id="jb" sourceRef="b" targetRef="join" />
  <bpmn:sequenceFlow id="jc" sourceRef="c" targetRef="join" />
  <bpmn:sequenceFlow id="f1" sourceRef="join" targetRef="after" />
  <bpmn:sequenceFlow id="f2" sourceRef="after" targetRef="end" />`);

describe('parallel gateway', () => {
  it('forks to every branch at once and joins once, after the last branch', async () => {
    const run = new Run(await compileOk(AND));
    run.start();
    expect(run.actions(true).map((effect) => effect.type === 'jobCreated' && effect.jobType)).toEqual(['a', 'b', 'c']);
    run.completeJob('b');
    run.completeJob('a');
    expect(run.trail(['elementActivated']).filter((entry) => entry === 'elementActivated:join')).toEqual([]);
    expect(run.state!.elements['1']!.joins).toEqual({ join: { jb: 1, ja: 1 } });
    run.completeJob('c');
    expect(run.trail(['elementActivated']).filter((entry) => entry === 'elementActivated:join')).toEqual(['elementActivated:join']);
    expect(run.actions(true)).toMatchObject([{ type: 'jobCreated', jobType: 'after' }]);
    run.completeJob('after');
    expect(run.status).toBe('completed');
  });

  it('survives a JSON round trip while tokens wait at the join', async () => {
    const definition = await compileOk(AND);
    const { direct, revived } = runBothWays(definition, (run) => {
      run.start();
      run.completeJob('c');
      run.completeJob('a');
      run.completeJob('b');
      run.completeJob('after');
    });
    expect(revived.effects).toEqual(direct.effects);
    expect(revived.state).toEqual(direct.state);
    expect(revived.status).toBe('completed');
  });
});

describe('input and output mappings', () => {
  // the lib-bpmn-engine service-task-input-output shape, in our own words
  const MAPPED = bpmn(`
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="order">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="order" />
        <zeebe:ioMapping>
          <zeebe:input source="=&quot;order1&quot;" target="name" />
          <zeebe:input source="=1" target="id" />
          <zeebe:input source="beijing" target="city" />
          <zeebe:input source="=city + &quot;-&quot; + name" target="label" />
          <zeebe:output source="={name: name, id: id}" target="order" />
          <zeebe:output source="=1234" target="orderId" />
          <zeebe:output source="=city" target="destination.city" />
          <zeebe:output source="=result" target="destination.code" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:userTask id="confirm"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=order.name" target="orderName" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="order" />
    <bpmn:sequenceFlow id="f1" sourceRef="order" targetRef="confirm" />
    <bpmn:sequenceFlow id="f2" sourceRef="confirm" targetRef="end" />`);

  it('keeps inputs local, lets outputs read inputs and the job result, and merges dotted targets', async () => {
    const run = new Run(await compileOk(MAPPED));
    run.start({ destination: { country: 'CN' } });
    expect(run.actions(true)).toMatchObject([{ type: 'jobCreated', variables: { name: 'order1', id: 1, city: 'beijing', label: 'beijing-order1', destination: { country: 'CN' } } }]);
    run.completeJob('order', { result: 'PEK' });
    expect(run.variables).toEqual({
      destination: { country: 'CN', city: 'beijing', code: 'PEK' },
      order: { name: 'order1', id: 1 },
      orderId: 1234,
    });
    expect(run.actions(true)).toMatchObject([{ type: 'taskCreated', elementId: 'confirm', variables: { orderName: 'order1' } }]);
  });

  it('without output mappings, merges the job result into the nearest scope that has the variable', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="sub">
        <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=0" target="attempts" /></zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:startEvent id="subStart" />
        ${job('work')}
        <bpmn:endEvent id="subEnd" />
        <bpmn:sequenceFlow id="s0" sourceRef="subStart" targetRef="work" />
        <bpmn:sequenceFlow id="s1" sourceRef="work" targetRef="subEnd" />
      </bpmn:subProcess>
      ${job('check')}
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="sub" />
      <bpmn:sequenceFlow id="f1" sourceRef="sub" targetRef="check" />
      <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end" />`),
    );
    const run = new Run(definition);
    run.start({ status: 'new' });
    run.completeJob('work', { attempts: 1, status: 'done', fresh: true });
    // attempts lived on the subprocess scope and went away with it; status and fresh reached the process
    expect(run.variables).toEqual({ status: 'done', fresh: true });
    expect(run.history.filter((event) => event.kind === 'variablesChanged').map((event) => [event.elementId, event.variables])).toEqual([
      ['p', { status: 'new' }],
      ['sub', { attempts: 0 }],
      ['sub', { attempts: 1 }],
      ['p', { status: 'done', fresh: true }],
    ]);
  });

  it('raises an incident when an output mapping fails and replays the completion once resolved', async () => {
    let broken = true;
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=grade(score)" target="grade" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="review" />
      <bpmn:sequenceFlow id="f1" sourceRef="review" targetRef="end" />`),
      { functionNames: ['grade'] },
    );
    const run = new Run(definition, {
      functions: {
        grade: (score: number) => {
          if (broken) throw new Error('down');
          return score > 5 ? 'A' : 'B';
        },
      },
    });
    run.start();
    run.completeTask('review', { score: 9 });
    expect(run.actions(true)).toMatchObject([{ type: 'incidentRaised', elementId: 'review', kind: 'expressionFailed' }]);
    expect(run.state!.tasks).toEqual({});
    broken = false;
    run.send({ type: 'resolveIncident', incidentId: Object.keys(run.state!.incidents)[0]! });
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({ grade: 'A' });
  });
});
