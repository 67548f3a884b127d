import { describe, expect, it } from 'vitest';
import { bpmn, compileOk, Run, runBothWays } from '../support/harness.js';

const job = (id: string, type = id): string =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>`;
const flows = (...pairs: Array<[string, string, string]>): string =>
  pairs.map(([id, source, target]) => `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`).join('\n');
const message = (id: string, name: string, key: string): string =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements></bpmn:message>`;

const model = (start: string, extraRoot = ''): string =>
  bpmn(
    `
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" />
    ${job('check')}
    <bpmn:parallelGateway id="fork" /><bpmn:parallelGateway id="join" />
    <bpmn:endEvent id="end" />
    ${flows(['f0', 'start', 'fork'], ['f1', 'fork', 'review'], ['f2', 'fork', 'check'], ['f3', 'review', 'join'], ['f4', 'check', 'join'], ['f5', 'join', 'end'])}
    <bpmn:subProcess id="handler" triggeredByEvent="true">
      ${start}
      <bpmn:userTask id="handle" />
      <bpmn:endEvent id="handled" />
      ${flows(['h0', 'handlerStart', 'handle'], ['h1', 'handle', 'handled'])}
    </bpmn:subProcess>`,
    'p',
    message('withdraw', 'withdraw', '=caseId') + extraRoot,
  );

describe('event subprocesses', () => {
  it('an interrupting message start terminates every token of the scope, and the scope completes after the handler', async () => {
    const run = new Run(await compileOk(model('<bpmn:startEvent id="handlerStart"><bpmn:messageEventDefinition messageRef="withdraw" /></bpmn:startEvent>')));
    run.start({ caseId: 'c-1' });
    expect(run.actions()).toMatchObject([
      { type: 'subscriptionOpened', elementId: 'handlerStart', messageName: 'withdraw', correlationKey: 'c-1' },
      { type: 'taskCreated', elementId: 'review' },
      { type: 'jobCreated', elementId: 'check' },
    ]);
    run.completeJob('check');
    run.correlate('handlerStart', { reason: '申请人撤回' });
    expect(run.actions(true)).toMatchObject([{ type: 'taskCancelled', elementId: 'review' }, { type: 'taskCreated', elementId: 'handle' }]);
    expect(run.state!.elements['1']!.joins).toBeUndefined();
    run.completeTask('handle');
    expect(run.status).toBe('completed');
    expect(run.variables).toMatchObject({ reason: '申请人撤回' });
    expect(run.trail(['elementActivated']).filter((entry) => entry === 'elementActivated:end')).toEqual([]);
  });

  it('a non-interrupting message start runs beside the tokens and may run again', async () => {
    const definition = await compileOk(model('<bpmn:startEvent id="handlerStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="withdraw" /></bpmn:startEvent>'));
    const { direct, revived } = runBothWays(definition, (run) => {
      run.start({ caseId: 'c-1' });
      run.correlate('handlerStart');
      run.correlate('handlerStart');
      for (const task of Object.values(run.state!.tasks).filter((candidate) => candidate.elementId === 'handle')) run.send({ type: 'completeTask', taskId: task.id });
      run.completeTask('review');
      run.completeJob('check');
    });
    expect(revived.effects).toEqual(direct.effects);
    expect(direct.history.filter((event) => event.kind === 'taskCreated' && event.elementId === 'handle')).toHaveLength(2);
    expect(direct.status).toBe('completed');
    expect(direct.actions(true)).toMatchObject([{ type: 'subscriptionClosed' }, { type: 'instanceCompleted' }]);
  });

  it('a non-interrupting timer cycle starts the handler on each occurrence', async () => {
    const run = new Run(
      await compileOk(model('<bpmn:startEvent id="handlerStart" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>')),
    );
    run.start({ caseId: 'c' });
    run.fireTimer('handlerStart');
    expect(run.actions(true)).toMatchObject([{ type: 'timerScheduled', repetitions: 1, dueAt: '2025-01-17T02:00:00.000Z' }, { type: 'taskCreated', elementId: 'handle' }]);
    run.fireTimer('handlerStart');
    expect(run.state!.timers).toEqual({});
    expect(Object.values(run.state!.tasks).filter((task) => task.elementId === 'handle')).toHaveLength(2);
  });

  it('an error start catches an error thrown inside its scope before a boundary outside does', async () => {
    const run = new Run(
      await compileOk(model('<bpmn:startEvent id="handlerStart"><bpmn:errorEventDefinition errorRef="bad" /></bpmn:startEvent>', '<bpmn:error id="bad" errorCode="BAD" />')),
    );
    run.start({ caseId: 'c' });
    run.send({ type: 'throwError', jobId: run.jobOf('check'), errorCode: 'BAD', variables: { why: 'invalid id' } });
    expect(run.actions(true)).toMatchObject([{ type: 'taskCancelled', elementId: 'review' }, { type: 'taskCreated', elementId: 'handle' }]);
    expect(run.trail(['errorThrown', 'errorCaught'])).toEqual(['errorThrown:check', 'errorCaught:handlerStart']);
    run.completeTask('handle');
    expect(run.status).toBe('completed');
    expect(run.variables).toMatchObject({ why: 'invalid id' });
  });

  it('works inside an embedded subprocess and closes its starts when the subprocess completes', async () => {
    const definition = await compileOk(
      bpmn(
        `
        <bpmn:startEvent id="start" />
        <bpmn:subProcess id="sub">
          <bpmn:startEvent id="s0" /><bpmn:userTask id="work" /><bpmn:endEvent id="s9" />
          ${flows(['s1', 's0', 'work'], ['s2', 'work', 's9'])}
          <bpmn:subProcess id="urgent" triggeredByEvent="true">
            <bpmn:startEvent id="urgentStart" isInterrupting="false"><bpmn:messageEventDefinition messageRef="hurry" /></bpmn:startEvent>
            ${job('notify')}<bpmn:endEvent id="u9" />
            ${flows(['u1', 'urgentStart', 'notify'], ['u2', 'notify', 'u9'])}
          </bpmn:subProcess>
        </bpmn:subProcess>
        <bpmn:endEvent id="end" />
        ${flows(['f0', 'start', 'sub'], ['f1', 'sub', 'end'])}`,
        'p',
        message('hurry', 'hurry', '=caseId'),
      ),
    );
    const run = new Run(definition);
    run.start({ caseId: 'k' });
    run.correlate('urgentStart');
    run.completeJob('notify');
    run.completeTask('work');
    expect(run.actions(true)).toMatchObject([{ type: 'subscriptionClosed' }, { type: 'instanceCompleted' }]);
  });
});
