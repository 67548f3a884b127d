import { describe, expect, it } from 'vitest';
import { bpmn, compileOk, Run, runBothWays } from '../support/harness.js';
import { MiniRuntime } from '../support/mini-runtime.js';

const job = (id: string, type = id, extra = ''): string =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
const flows = (...pairs: Array<[string, string, string]>): string =>
  pairs.map(([id, source, target]) => `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`).join('\n');
const cond = (id: string, source: string, target: string, text: string): string =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression>${text}</bpmn:conditionExpression></bpmn:sequenceFlow>`;

describe('embedded subprocess', () => {
  it('runs its body in its own scope and completes with its last token', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="sub">
        <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=&quot;local&quot;" target="tmp" /><zeebe:output source="=tmp + &quot;!&quot;" target="result" /></zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:startEvent id="subStart" />
        <bpmn:parallelGateway id="fork" />
        ${job('a')}${job('b')}
        <bpmn:endEvent id="endA" /><bpmn:endEvent id="endB" />
        ${flows(['s0', 'subStart', 'fork'], ['s1', 'fork', 'a'], ['s2', 'fork', 'b'], ['s3', 'a', 'endA'], ['s4', 'b', 'endB'])}
      </bpmn:subProcess>
      <bpmn:endEvent id="end" />
      ${flows(['f0', 'start', 'sub'], ['f1', 'sub', 'end'])}`),
    );
    const run = new Run(definition);
    run.start();
    expect(Object.values(run.state!.elements).find((instance) => instance.elementId === 'sub')).toMatchObject({ children: 2 });
    expect(run.actions()).toMatchObject([{ type: 'jobCreated', jobType: 'a', variables: { tmp: 'local' } }, { type: 'jobCreated', jobType: 'b' }]);
    run.completeJob('a');
    expect(run.status).toBe('active');
    run.completeJob('b');
    expect(run.trailFrom('elementCompleted:endB')).toEqual([
      'elementCompleted:endB',
      'variablesChanged:p',
      'elementCompleted:sub',
      'flowTaken:f1',
      'elementActivated:end',
      'elementCompleted:end',
      'elementCompleted:p',
      'instanceCompleted:p',
    ]);
    expect(run.variables).toEqual({ result: 'local!' });
  });

  it('joins branches in nested subprocesses exactly once (subprocess-fork-controlled-parallel-join shape)', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="fork" />
      <bpmn:subProcess id="subA">
        <bpmn:startEvent id="a0" /><bpmn:parallelGateway id="aFork" />${job('A1')}${job('A2')}<bpmn:parallelGateway id="aJoin" />${job('B1')}<bpmn:endEvent id="aEnd" />
        ${flows(['a1', 'a0', 'aFork'], ['a2', 'aFork', 'A1'], ['a3', 'aFork', 'A2'], ['a4', 'A1', 'aJoin'], ['a5', 'A2', 'aJoin'], ['a6', 'aJoin', 'B1'], ['a7', 'B1', 'aEnd'])}
      </bpmn:subProcess>
      <bpmn:subProcess id="subB"><bpmn:startEvent id="b0" />${job('BA1')}<bpmn:endEvent id="bEnd" />${flows(['b1', 'b0', 'BA1'], ['b2', 'BA1', 'bEnd'])}</bpmn:subProcess>
      <bpmn:parallelGateway id="join" />${job('C')}<bpmn:endEvent id="end" />
      ${flows(['f0', 'start', 'fork'], ['f1', 'fork', 'subA'], ['f2', 'fork', 'subB'], ['f3', 'subA', 'join'], ['f4', 'subB', 'join'], ['f5', 'join', 'C'], ['f6', 'C', 'end'])}`),
    );
    const run = new Run(definition);
    run.start();
    run.completeJob('A2');
    expect(run.jobsOf('B1')).toEqual([]);
    run.completeJob('BA1');
    run.completeJob('A1');
    run.completeJob('B1');
    run.completeJob('C');
    const jobs = run.actions().flatMap((effect) => (effect.type === 'jobCreated' ? [effect.jobType] : []));
    // tokens advance breadth first: subB's task is created while subA's inner fork is still queued
    expect(jobs).toEqual(['BA1', 'A1', 'A2', 'B1', 'C']);
    expect(run.status).toBe('completed');
  });
});

describe('call activity', () => {
  const xml = (attributes: string, io = ''): string =>
    bpmn(`
    <bpmn:startEvent id="start" />
    <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" ${attributes} />${io}</bpmn:extensionElements></bpmn:callActivity>
    <bpmn:endEvent id="end" />
    ${flows(['f0', 'start', 'call'], ['f1', 'call', 'end'])}`);

  it('asks for the child with every visible variable and merges the child variables back', async () => {
    const run = new Run(await compileOk(xml('')));
    run.start({ applicant: 'A' });
    expect(run.actions()).toEqual([{ type: 'callActivityStarted', callId: 'id1', elementId: 'call', processId: 'child', variables: { applicant: 'A' } }]);
    run.send({ type: 'completeCallActivity', callId: 'id1', variables: { applicant: 'A', licence: 'L1' } });
    expect(run.variables).toEqual({ applicant: 'A', licence: 'L1' });
  });

  it('passes only inputs and takes back only outputs without propagation', async () => {
    const run = new Run(
      await compileOk(
        xml(
          'propagateAllChildVariables="false" propagateAllParentVariables="false"',
          '<zeebe:ioMapping><zeebe:input source="=applicant" target="holder" /><zeebe:output source="=licence" target="licenceNo" /></zeebe:ioMapping>',
        ),
      ),
    );
    run.start({ applicant: 'A', secret: 's' });
    expect(run.actions()).toMatchObject([{ type: 'callActivityStarted', variables: { holder: 'A' } }]);
    run.send({ type: 'completeCallActivity', callId: 'id1', variables: { licence: 'L1', noise: 1 } });
    expect(run.variables).toEqual({ applicant: 'A', secret: 's', licenceNo: 'L1' });
  });

  it('does not copy child variables back when propagateAllChildVariables is false', async () => {
    const run = new Run(await compileOk(xml('propagateAllChildVariables="false"')));
    run.start();
    run.send({ type: 'completeCallActivity', callId: 'id1', variables: { x: 1 } });
    expect(run.variables).toEqual({});
    expect(run.status).toBe('completed');
  });

  it('cancels the child when the call activity is terminated', async () => {
    const run = new Run(await compileOk(xml('')));
    run.start();
    run.send({ type: 'cancel', reason: 'withdrawn' });
    expect(run.actions(true)).toEqual([
      { type: 'callActivityCancelled', callId: 'id1' },
      { type: 'instanceTerminated', status: 'cancelled', reason: 'withdrawn' },
    ]);
  });
});

describe('errors across call activities', () => {
  const parent = (boundary: string): string =>
    bpmn(
      `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" /></bpmn:extensionElements></bpmn:callActivity>
      ${boundary}
      <bpmn:endEvent id="end" />
      ${flows(['f0', 'start', 'call'], ['f1', 'call', 'end'])}`,
      'parent',
      '<bpmn:error id="rejected" errorCode="REJECTED" />',
    );
  const child = bpmn(
    `
    <bpmn:startEvent id="cStart" />
    ${job('verify')}
    <bpmn:endEvent id="cFail"><bpmn:errorEventDefinition errorRef="rejected" /></bpmn:endEvent>
    ${flows(['c0', 'cStart', 'verify'], ['c1', 'verify', 'cFail'])}`,
    'child',
    '<bpmn:error id="rejected" errorCode="REJECTED" />',
  ).replace('id="defs"', 'id="childDefs"');

  it('an error the child does not catch ends the child and is caught by the boundary of the call activity', async () => {
    const runtime = new MiniRuntime([
      await compileOk(
        parent(
          `<bpmn:boundaryEvent id="onRejected" attachedToRef="call"><bpmn:errorEventDefinition errorRef="rejected" /></bpmn:boundaryEvent>${job('notify')}<bpmn:endEvent id="end2" />${flows(['e1', 'onRejected', 'notify'], ['e2', 'notify', 'end2'])}`,
        ),
      ),
      await compileOk(child),
    ]);
    const parentId = runtime.start('parent');
    runtime.completeJob('verify', { reason: 'forged' });
    const childId = [...runtime.instances.keys()].find((id) => id !== parentId)!;
    expect(runtime.status(childId)).toBe('terminated');
    expect(runtime.log.find(({ effect }) => effect.type === 'instanceTerminated')?.effect).toMatchObject({
      status: 'terminated',
      reason: 'errorThrown',
      elementId: 'cFail',
      error: { errorCode: 'REJECTED', variables: {} },
    });
    runtime.completeJob('notify');
    expect(runtime.status(parentId)).toBe('completed');
  });

  it('an error nobody catches raises an incident on the call activity, which starts the child again once resolved', async () => {
    const runtime = new MiniRuntime([await compileOk(parent('')), await compileOk(child)]);
    const parentId = runtime.start('parent');
    runtime.completeJob('verify');
    const incidents = Object.values(runtime.instances.get(parentId)!.state.incidents);
    expect(incidents).toMatchObject([{ elementId: 'call', kind: 'unhandledError' }]);
    runtime.send(parentId, { type: 'resolveIncident', incidentId: incidents[0]!.id });
    expect(runtime.instances.size).toBe(3);
    expect(runtime.jobs('verify')).toHaveLength(1);
  });

  it('an instance that was not called keeps raising an incident for an uncaught error', async () => {
    const run = new Run(await compileOk(child));
    run.start();
    run.completeJob('verify');
    expect(run.actions(true)).toMatchObject([{ type: 'incidentRaised', elementId: 'cFail', kind: 'unhandledError' }]);
  });
});

describe('multi-instance (会签)', () => {
  const xml = (sequential: boolean, extra = '', inner = job('sign', 'sign')): string =>
    bpmn(`
    <bpmn:startEvent id="start" />
    ${inner.replace(
      '</bpmn:serviceTask>',
      `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=departments" inputElement="department" outputCollection="opinions" outputElement="=opinion" /></bpmn:extensionElements>${extra}</bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`,
    )}
    <bpmn:endEvent id="end" />
    ${flows(['f0', 'start', 'sign'], ['f1', 'sign', 'end'])}`);

  it('runs all instances at once in parallel and collects outputs in item order', async () => {
    const run = new Run(await compileOk(xml(false)));
    run.start({ departments: ['police', 'tax', 'market'] });
    const created = run.actions().flatMap((effect) => (effect.type === 'jobCreated' ? [effect] : []));
    expect(created.map((effect) => [effect.variables.department, effect.variables.loopCounter])).toEqual([
      ['police', 1],
      ['tax', 2],
      ['market', 3],
    ]);
    const [police, tax, market] = created.map((effect) => effect.jobId);
    run.send({ type: 'completeJob', jobId: market!, variables: { opinion: 'ok-m' } });
    run.send({ type: 'completeJob', jobId: police!, variables: { opinion: 'ok-p' } });
    expect(run.status).toBe('active');
    run.send({ type: 'completeJob', jobId: tax!, variables: { opinion: 'ok-t' } });
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({ departments: ['police', 'tax', 'market'], opinions: ['ok-p', 'ok-t', 'ok-m'] });
    expect(run.variables.opinion).toBeUndefined();
  });

  it('runs sequentially, one instance after another', async () => {
    const definition = await compileOk(xml(true));
    const { direct, revived } = runBothWays(definition, (run) => {
      run.start({ departments: ['police', 'tax'] });
      run.completeJob('sign', { opinion: 1 });
      run.completeJob('sign', { opinion: 2 });
    });
    expect(revived.state).toEqual(direct.state);
    const created = direct.actions().flatMap((effect) => (effect.type === 'jobCreated' ? [effect.variables.department] : []));
    expect(created).toEqual(['police', 'tax']);
    expect(direct.variables.opinions).toEqual([1, 2]);
  });

  it('finishes early on the completion condition and terminates the instances still running', async () => {
    const run = new Run(await compileOk(xml(false, '<bpmn:completionCondition>=numberOfCompletedInstances &gt;= 2</bpmn:completionCondition>')));
    run.start({ departments: ['a', 'b', 'c'] });
    const [first, second] = Object.keys(run.state!.jobs);
    run.send({ type: 'completeJob', jobId: first!, variables: { opinion: 'x' } });
    run.send({ type: 'completeJob', jobId: second!, variables: { opinion: 'y' } });
    expect(run.actions(true)).toMatchObject([{ type: 'jobCancelled' }, { type: 'instanceCompleted', variables: { opinions: ['x', 'y', null] } }]);
  });

  it('completes at once for an empty collection and raises an incident for a collection that is not a list', async () => {
    const definition = await compileOk(xml(false));
    const empty = new Run(definition);
    empty.start({ departments: [] });
    expect(empty.status).toBe('completed');
    expect(empty.variables.opinions).toEqual([]);
    const wrong = new Run(definition);
    wrong.start({ departments: 'police' });
    expect(wrong.actions()).toMatchObject([{ type: 'incidentRaised', kind: 'invalidValue', elementId: 'sign' }]);
  });

  it('creates one countersign task per department, each with its own candidate group and local inputs', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="countersign" name="会签">
        <bpmn:extensionElements>
          <zeebe:assignmentDefinition candidateGroups="=department" />
          <zeebe:taskHeaders><zeebe:header key="stage" value="review" /></zeebe:taskHeaders>
        </bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=departments" inputElement="department" outputCollection="opinions" outputElement="={department: department, agree: agree}" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />
      ${flows(['f0', 'start', 'countersign'], ['f1', 'countersign', 'end'])}`),
    );
    const run = new Run(definition);
    run.start({ departments: ['public-security', 'market-regulation'] });
    const tasks = run.actions().flatMap((effect) => (effect.type === 'taskCreated' ? [effect] : []));
    expect(tasks.map((task) => [task.candidateGroups, task.variables])).toEqual([
      [['public-security'], { loopCounter: 1, department: 'public-security' }],
      [['market-regulation'], { loopCounter: 2, department: 'market-regulation' }],
    ]);
    run.send({ type: 'completeTask', taskId: tasks[1]!.taskId, variables: { agree: false } });
    run.send({ type: 'completeTask', taskId: tasks[0]!.taskId, variables: { agree: true } });
    expect(run.variables.opinions).toEqual([
      { department: 'public-security', agree: true },
      { department: 'market-regulation', agree: false },
    ]);
  });

  it('runs a multi-instance subprocess with a local element per instance (automated-tests shape)', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="tests">
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[&quot;ubuntu&quot;,&quot;windows&quot;,&quot;macos&quot;]" inputElement="os" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
        <bpmn:startEvent id="s0" />${job('run', 'runTests')}<bpmn:endEvent id="s9" />
        ${flows(['s1', 's0', 'run'], ['s2', 'run', 's9'])}
      </bpmn:subProcess>
      <bpmn:endEvent id="end" />
      ${flows(['f0', 'start', 'tests'], ['f1', 'tests', 'end'])}`),
    );
    const run = new Run(definition);
    run.start();
    expect(run.jobsOf('runTests')).toHaveLength(3);
    for (const jobId of run.jobsOf('runTests')) run.send({ type: 'completeJob', jobId });
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({});
  });

  it('a boundary timer on a multi-instance activity interrupts the whole body', async () => {
    const definition = await compileOk(
      xml(false).replace(
        '<bpmn:endEvent id="end" />',
        `<bpmn:endEvent id="end" /><bpmn:boundaryEvent id="late" attachedToRef="sign"><bpmn:timerEventDefinition><bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="lateEnd" /><bpmn:sequenceFlow id="l1" sourceRef="late" targetRef="lateEnd" />`,
      ),
    );
    const run = new Run(definition);
    run.start({ departments: ['a', 'b'] });
    expect(run.actions().filter((effect) => effect.type === 'timerScheduled')).toHaveLength(1);
    run.fireTimer('late');
    expect(run.actions(true)).toEqual([
      { type: 'jobCancelled', jobId: 'id3' },
      { type: 'jobCancelled', jobId: 'id2' },
      { type: 'instanceCompleted', variables: { departments: ['a', 'b'] } },
    ]);
  });
});

describe('inclusive gateway', () => {
  const xml = bpmn(`
    <bpmn:startEvent id="start" />
    <bpmn:inclusiveGateway id="fork" default="toC" />
    ${job('A')}${job('B')}${job('C')}
    <bpmn:inclusiveGateway id="join" />
    ${job('after')}
    <bpmn:endEvent id="end" />
    ${flows(['f0', 'start', 'fork'], ['toC', 'fork', 'C'], ['ja', 'A', 'join'], ['jb', 'B', 'join'], ['jc', 'C', 'join'], ['f1', 'join', 'after'], ['f2', 'after', 'end'])}
    ${cond('toA', 'fork', 'A', '=price &gt;= 0')}
    ${cond('toB', 'fork', 'B', '=price = 0')}`);

  it('activates every branch whose condition holds, not the default, and joins exactly those', async () => {
    const run = new Run(await compileOk(xml));
    run.start({ price: 0 });
    expect(run.actions().map((effect) => effect.type === 'jobCreated' && effect.jobType)).toEqual(['A', 'B']);
    run.completeJob('A');
    expect(run.jobsOf('after')).toEqual([]);
    run.completeJob('B');
    expect(run.jobsOf('after')).toHaveLength(1);
    expect(run.trail(['elementActivated']).filter((entry) => entry === 'elementActivated:join')).toHaveLength(1);
  });

  it('joins a single activated branch at once and takes the default when nothing holds', async () => {
    const one = new Run(await compileOk(xml));
    one.start({ price: 5 });
    one.completeJob('A');
    expect(one.jobsOf('after')).toHaveLength(1);
    const none = new Run(await compileOk(xml));
    none.start({ price: -1 });
    expect(none.jobsOf('C')).toHaveLength(1);
    none.completeJob('C');
    none.completeJob('after');
    expect(none.status).toBe('completed');
  });
});

describe('link events', () => {
  it('jumps from a link throw to the catch of the same name', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="fork" />
      <bpmn:intermediateThrowEvent id="throwA"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateThrowEvent>
      <bpmn:intermediateThrowEvent id="throwB"><bpmn:linkEventDefinition name="B" /></bpmn:intermediateThrowEvent>
      <bpmn:intermediateCatchEvent id="catchA"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="catchB"><bpmn:linkEventDefinition name="B" /></bpmn:intermediateCatchEvent>
      ${job('A')}${job('B')}<bpmn:endEvent id="endA" /><bpmn:endEvent id="endB" />
      ${flows(['f0', 'start', 'fork'], ['f1', 'fork', 'throwA'], ['f2', 'fork', 'throwB'], ['f3', 'catchA', 'A'], ['f4', 'catchB', 'B'], ['f5', 'A', 'endA'], ['f6', 'B', 'endB'])}`),
    );
    const run = new Run(definition);
    run.start();
    expect(run.trailFrom('elementActivated:throwA', ['elementActivated', 'elementCompleted']).slice(0, 4)).toEqual([
      'elementActivated:throwA',
      'elementCompleted:throwA',
      'elementActivated:throwB',
      'elementCompleted:throwB',
    ]);
    run.completeJob('A');
    run.completeJob('B');
    expect(run.status).toBe('completed');
  });
});
