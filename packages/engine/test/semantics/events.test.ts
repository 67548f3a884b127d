import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/index.js';
import { bpmn, compileOk, Run, runBothWays } from '../support/harness.js';

const job = (id: string, type = id): string =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>`;
const message = (id: string, name: string, key: string): string =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements></bpmn:message>`;
const flows = (...pairs: Array<[string, string, string]>): string =>
  pairs.map(([id, source, target]) => `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`).join('\n');

describe('timer intermediate catch event', () => {
  const model = (value: string): string =>
    bpmn(`
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>${value}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    ${flows(['f0', 'start', 'wait'], ['f1', 'wait', 'end'])}`);

  it('schedules the timer from now and continues when it fires', async () => {
    const run = new Run(await compileOk(model('P1M')), { now: '2025-01-31T08:00:00.000Z' });
    run.start();
    expect(run.actions()).toEqual([{ type: 'timerScheduled', timerId: 'id1', elementId: 'wait', dueAt: '2025-02-28T08:00:00.000Z' }]);
    run.fireTimer('wait');
    expect(run.trailFrom('timerFired:wait')).toEqual([
      'timerFired:wait',
      'elementCompleted:wait',
      'flowTaken:f1',
      'elementActivated:end',
      'elementCompleted:end',
      'elementCompleted:p',
      'instanceCompleted:p',
    ]);
    expect(run.status).toBe('completed');
    expect(run.actions(true)).toEqual([{ type: 'instanceCompleted', variables: {} }]);
  });

  it('evaluates a FEEL duration and raises an incident for a value that is not one', async () => {
    const definition = await compileOk(model('=timeout'));
    const good = new Run(definition);
    good.start({ timeout: 'PT1S' });
    expect(good.actions()).toMatchObject([{ type: 'timerScheduled', dueAt: '2025-01-15T02:00:01.000Z' }]);
    const bad = new Run(definition);
    bad.start({ timeout: 1.23 });
    expect(bad.actions()).toEqual([
      {
        type: 'incidentRaised',
        incidentId: 'id1',
        elementId: 'wait',
        kind: 'invalidValue',
        message: "timer duration '=timeout' evaluated to 1.23, not an ISO-8601 duration",
      },
    ]);
    bad.send({ type: 'setVariables', variables: { timeout: 'PT5M' } });
    bad.send({ type: 'resolveIncident', incidentId: 'id1' });
    expect(bad.actions(true)).toMatchObject([{ type: 'incidentResolved' }, { type: 'timerScheduled', dueAt: '2025-01-15T02:05:00.000Z' }]);
  });
});

describe('message catch events and receive tasks', () => {
  const definitionXml = bpmn(
    `
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="mPaid" /></bpmn:intermediateCatchEvent>
    <bpmn:receiveTask id="supplement" messageRef="mSupplement" />
    <bpmn:endEvent id="end" />
    ${flows(['f0', 'start', 'paid'], ['f1', 'paid', 'supplement'], ['f2', 'supplement', 'end'])}`,
    'p',
    message('mPaid', 'paid', '=applicationNumber') + message('mSupplement', '=&quot;supplement-&quot; + region', '=applicationNumber'),
  );

  it('opens subscriptions with evaluated names and keys and merges the message variables', async () => {
    const run = new Run(await compileOk(definitionXml));
    run.start({ applicationNumber: 20250001, region: 'sh' });
    expect(run.actions()).toEqual([{ type: 'subscriptionOpened', subscriptionId: 'id1', elementId: 'paid', messageName: 'paid', correlationKey: '20250001' }]);
    run.correlate('paid', { amount: 30 });
    expect(run.actions(true)).toEqual([
      { type: 'subscriptionOpened', subscriptionId: 'id2', elementId: 'supplement', messageName: 'supplement-sh', correlationKey: '20250001' },
    ]);
    expect(run.history.find((event) => event.kind === 'messageCorrelated')).toMatchObject({ elementId: 'paid', variables: { amount: 30 } });
    run.correlate('supplement', { materials: ['id-card'] });
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({ applicationNumber: 20250001, region: 'sh', amount: 30, materials: ['id-card'] });
  });

  it('raises an incident when the correlation key is missing', async () => {
    const run = new Run(await compileOk(definitionXml));
    run.start({});
    expect(run.actions()).toMatchObject([{ type: 'incidentRaised', elementId: 'paid', kind: 'invalidValue' }]);
  });
});

describe('event-based gateway', () => {
  const xml = bpmn(
    `
    <bpmn:startEvent id="start" />
    <bpmn:eventBasedGateway id="race" />
    <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="answer"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    <bpmn:receiveTask id="withdraw" messageRef="w" />
    ${job('remind')}${job('process')}
    <bpmn:endEvent id="end" /><bpmn:endEvent id="end2" /><bpmn:endEvent id="end3" />
    ${flows(['f0', 'start', 'race'], ['g1', 'race', 'timeout'], ['g2', 'race', 'answer'], ['g3', 'race', 'withdraw'], ['t1', 'timeout', 'remind'], ['t2', 'remind', 'end'], ['a1', 'answer', 'process'], ['a2', 'process', 'end2'], ['w1', 'withdraw', 'end3'])}`,
    'p',
    message('m', 'answer', '=caseId') + message('w', 'withdraw', '=caseId'),
  );

  it('waits for all events and takes the first: the message cancels the timer and closes the other subscription', async () => {
    const run = new Run(await compileOk(xml));
    run.start({ caseId: 'c1' });
    expect(run.actions()).toEqual([
      { type: 'timerScheduled', timerId: 'id1', elementId: 'timeout', dueAt: '2025-01-22T02:00:00.000Z' },
      { type: 'subscriptionOpened', subscriptionId: 'id2', elementId: 'answer', messageName: 'answer', correlationKey: 'c1' },
      { type: 'subscriptionOpened', subscriptionId: 'id3', elementId: 'withdraw', messageName: 'withdraw', correlationKey: 'c1' },
    ]);
    run.correlate('answer', { verdict: 'ok' });
    expect(run.actions(true)).toEqual<Effect[]>([
      { type: 'timerCancelled', timerId: 'id1' },
      { type: 'subscriptionClosed', subscriptionId: 'id3' },
      expect.objectContaining({ type: 'jobCreated', jobType: 'process' }) as unknown as Effect,
    ]);
    expect(run.trail(['elementCompleted', 'flowTaken', 'elementActivated']).slice(-6)).toEqual([
      'elementCompleted:race',
      'flowTaken:g2',
      'elementActivated:answer',
      'elementCompleted:answer',
      'flowTaken:a1',
      'elementActivated:process',
    ]);
    expect(run.variables).toEqual({ caseId: 'c1', verdict: 'ok' });
  });

  it('takes the timer path when it fires first, and may come back to wait again', async () => {
    const run = new Run(await compileOk(xml));
    run.start({ caseId: 'c1' });
    run.fireTimer('timeout');
    expect(run.actions(true)).toMatchObject([
      { type: 'subscriptionClosed', subscriptionId: 'id2' },
      { type: 'subscriptionClosed', subscriptionId: 'id3' },
      { type: 'jobCreated', jobType: 'remind' },
    ]);
    expect(run.now).toBe('2025-01-22T02:00:00.000Z');
  });

  it('continues through a receive task target', async () => {
    const run = new Run(await compileOk(xml));
    run.start({ caseId: 'c1' });
    run.correlate('withdraw');
    expect(run.status).toBe('completed');
  });
});

describe('boundary events', () => {
  const xml = (boundary: string): string =>
    bpmn(
      `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" />
      ${boundary}
      ${job('escalate')}
      <bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
      ${flows(['f0', 'start', 'review'], ['f1', 'review', 'end'], ['b1', 'b', 'escalate'], ['b2', 'escalate', 'end2'])}`,
      'p',
      message('m', 'withdrawn', '=caseId'),
    );

  it('an interrupting timer cancels the task and takes the boundary path', async () => {
    const run = new Run(await compileOk(xml(`<bpmn:boundaryEvent id="b" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`)));
    run.start();
    expect(run.actions()).toMatchObject([
      { type: 'timerScheduled', elementId: 'b', dueAt: '2025-01-20T02:00:00.000Z' },
      { type: 'taskCreated', elementId: 'review' },
    ]);
    run.fireTimer('b');
    expect(run.actions(true)).toMatchObject([{ type: 'taskCancelled', elementId: 'review' }, { type: 'jobCreated', jobType: 'escalate' }]);
    expect(run.trailFrom('timerFired:b')).toEqual([
      'timerFired:b',
      'taskCancelled:review',
      'elementTerminated:review',
      'elementActivated:b',
      'elementCompleted:b',
      'flowTaken:b1',
      'elementActivated:escalate',
      'jobCreated:escalate',
    ]);
  });

  it('completing the task cancels its boundary timer', async () => {
    const run = new Run(await compileOk(xml(`<bpmn:boundaryEvent id="b" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`)));
    run.start();
    run.completeTask('review');
    expect(run.actions(true)).toEqual([{ type: 'timerCancelled', timerId: 'id1' }, { type: 'instanceCompleted', variables: {} }]);
  });

  it('a non-interrupting cycle fires repeatedly while the task stays open', async () => {
    const definition = await compileOk(
      xml(`<bpmn:boundaryEvent id="b" attachedToRef="review" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`),
    );
    const { direct, revived } = runBothWays(definition, (run) => {
      run.start();
      run.fireTimer('b');
      run.completeJob('escalate');
      run.fireTimer('b');
      run.completeJob('escalate');
      run.completeTask('review');
    });
    expect(revived.effects).toEqual(direct.effects);
    const timers = direct.actions().filter((effect) => effect.type === 'timerScheduled');
    expect(timers).toEqual([
      { type: 'timerScheduled', timerId: 'id1', elementId: 'b', dueAt: '2025-01-16T02:00:00.000Z', repetitions: 2 },
      { type: 'timerScheduled', timerId: 'id3', elementId: 'b', dueAt: '2025-01-17T02:00:00.000Z', repetitions: 1 },
    ]);
    expect(direct.history.filter((event) => event.kind === 'taskCancelled')).toEqual([]);
    expect(direct.status).toBe('completed');
  });

  it('a non-interrupting message boundary may be correlated several times while the task is open', async () => {
    const run = new Run(await compileOk(xml(`<bpmn:boundaryEvent id="b" attachedToRef="review" cancelActivity="false"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>`)));
    run.start({ caseId: 'A-2' });
    run.correlate('b', { note: 1 });
    run.correlate('b', { note: 2 });
    expect(run.jobsOf('escalate')).toHaveLength(2);
    run.completeTask('review');
    expect(run.actions(true)).toEqual([{ type: 'subscriptionClosed', subscriptionId: 'id1' }]);
  });

  it('an interrupting message boundary cancels the task and brings its variables', async () => {
    const run = new Run(await compileOk(xml(`<bpmn:boundaryEvent id="b" attachedToRef="review"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>`)));
    run.start({ caseId: 'A-1' });
    expect(run.actions()).toMatchObject([{ type: 'subscriptionOpened', elementId: 'b', messageName: 'withdrawn', correlationKey: 'A-1' }, { type: 'taskCreated' }]);
    run.correlate('b', { reason: 'applicant withdrew' });
    expect(run.actions(true)).toMatchObject([{ type: 'taskCancelled' }, { type: 'jobCreated', jobType: 'escalate', variables: { reason: 'applicant withdrew' } }]);
  });
});

describe('errors', () => {
  const xml = bpmn(
    `
    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="subStart" />
      ${job('check')}
      <bpmn:exclusiveGateway id="ok" default="fine" />
      <bpmn:endEvent id="subEnd" />
      <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="rejected" /></bpmn:endEvent>
      ${flows(['s0', 'subStart', 'check'], ['s1', 'check', 'ok'], ['fine', 'ok', 'subEnd'])}
      <bpmn:sequenceFlow id="bad" sourceRef="ok" targetRef="fail"><bpmn:conditionExpression>=valid = false</bpmn:conditionExpression></bpmn:sequenceFlow>
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="onRejected" attachedToRef="sub">
      <bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=true" target="rejected" /></zeebe:ioMapping></bpmn:extensionElements>
      <bpmn:errorEventDefinition errorRef="rejected" />
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="onAny" attachedToRef="sub"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
    ${job('notify')}${job('fallback')}
    <bpmn:endEvent id="end" /><bpmn:endEvent id="end2" /><bpmn:endEvent id="end3" />
    ${flows(['f0', 'start', 'sub'], ['f1', 'sub', 'end'], ['e1', 'onRejected', 'notify'], ['e2', 'notify', 'end2'], ['e3', 'onAny', 'fallback'], ['e4', 'fallback', 'end3'])}`,
    'p',
    '<bpmn:error id="rejected" name="Rejected" errorCode="REJECTED" />',
  );

  it('catches an error end event with the matching boundary of the enclosing subprocess', async () => {
    const run = new Run(await compileOk(xml));
    run.start();
    run.completeJob('check', { valid: false });
    expect(run.trailFrom('elementActivated:fail')).toEqual([
      'elementActivated:fail',
      'errorThrown:fail',
      'errorCaught:onRejected',
      'elementTerminated:fail',
      'elementTerminated:sub',
      'elementActivated:onRejected',
      'variablesChanged:p',
      'elementCompleted:onRejected',
      'flowTaken:e1',
      'elementActivated:notify',
      'jobCreated:notify',
    ]);
    expect(run.variables).toMatchObject({ rejected: true, valid: false });
  });

  it('catches a job error with a catch-all boundary when no code matches, with the error variables', async () => {
    const run = new Run(await compileOk(xml));
    run.start();
    run.send({ type: 'throwError', jobId: run.jobOf('check'), errorCode: 'TIMEOUT', errorMessage: 'registry slow', variables: { detail: 'x' } });
    expect(run.actions(true)).toMatchObject([{ type: 'jobCreated', jobType: 'fallback', variables: { detail: 'x' } }]);
    expect(run.history.find((event) => event.kind === 'errorThrown')).toMatchObject({ elementId: 'check', details: { errorCode: 'TIMEOUT', errorMessage: 'registry slow' } });
    expect(run.history.filter((event) => event.kind === 'jobCancelled')).toEqual([]);
  });

  it('raises an incident for an error nobody catches and lets the job run again after resolution', async () => {
    const definition = await compileOk(
      bpmn(`<bpmn:startEvent id="start" />${job('issue')}<bpmn:endEvent id="end" />${flows(['f0', 'start', 'issue'], ['f1', 'issue', 'end'])}`),
    );
    const run = new Run(definition);
    run.start();
    const jobId = run.jobOf('issue');
    run.send({ type: 'throwError', jobId, errorCode: 'NOPE' });
    expect(run.actions(true)).toEqual([
      { type: 'incidentRaised', incidentId: 'id2', elementId: 'issue', kind: 'unhandledError', message: "no boundary or event subprocess catches error 'NOPE'", jobId },
    ]);
    run.send({ type: 'resolveIncident', incidentId: 'id2' });
    expect(run.actions(true)).toEqual([{ type: 'incidentResolved', incidentId: 'id2' }, { type: 'jobRetriesUpdated', jobId, retries: 1 }]);
    run.completeJob('issue');
    expect(run.status).toBe('completed');
  });
});

describe('terminate end event', () => {
  it('ends the instance as terminated and cancels every other token', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="fork" />
      <bpmn:intermediateCatchEvent id="long"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      ${job('log')}
      <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
      <bpmn:endEvent id="never" />
      ${flows(['f0', 'start', 'fork'], ['f1', 'fork', 'long'], ['f2', 'fork', 'log'], ['f3', 'log', 'stop'], ['f4', 'long', 'never'])}`),
    );
    const run = new Run(definition);
    run.start();
    run.completeJob('log');
    expect(run.status).toBe('terminated');
    expect(run.actions(true)).toEqual([
      { type: 'timerCancelled', timerId: 'id1' },
      { type: 'instanceTerminated', status: 'terminated', reason: 'terminateEndEvent', elementId: 'stop' },
    ]);
    expect(run.state!.timers).toEqual({});
    expect(run.state!.elements).toEqual({});
  });
});
