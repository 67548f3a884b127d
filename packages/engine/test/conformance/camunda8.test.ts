/**
 * Every model of shared/conformance/camunda8 runs to the outcome its README describes, or is refused at deploy
 * with a report naming the offending elements (Refs #3).
 */
import { describe, expect, it } from 'vitest';
import { compileDefinition, listStartEvents, nextTimerDue } from '../../src/index.js';
import { compileOk, readConformance, Run } from '../support/harness.js';
import { MiniRuntime } from '../support/mini-runtime.js';

const load = (path: string) => compileOk(readConformance(`camunda8/${path}`));

describe('conformance: zeebe-process-test', () => {
  it('pr-created: tests run in a child instance while the review goes through an event gateway, then merge and deploy', async () => {
    const runtime = new MiniRuntime([await load('zeebe-process-test/pr-created.bpmn'), await load('zeebe-process-test/automated-tests.bpmn')]);
    // 1. publish prCreated: message start of the parent
    const pr = runtime.start('prCreatedProcess', { prId: 'pr-7' }, 'prCreated');
    // 2. the call activity started the tests child, with 3 runTests jobs at once
    expect(runtime.jobs('runTests')).toHaveLength(3);
    expect(runtime.tasks().map((task) => task.elementId)).toEqual(['requestReview']);
    // 3. all tests pass: the child completes and the parent's call activity completes
    for (let i = 0; i < 3; i++) runtime.completeJob('runTests');
    const child = [...runtime.instances.keys()].find((id) => id !== pr)!;
    expect(runtime.status(child)).toBe('completed');
    // 4. review requested; a day passes: the reminder runs and the gateway waits again
    runtime.completeTask('requestReview');
    runtime.advance('2025-01-16T02:00:00.000Z');
    expect(runtime.jobs('remindReviewer')).toHaveLength(1);
    runtime.completeJob('remindReviewer');
    // 5. a rejected review goes to make changes and back to request review
    expect(runtime.publish('reviewReceived', 'pr-7', { reviewResult: 'rejected' })).toBe(true);
    runtime.completeTask('makeChanges');
    runtime.completeTask('requestReview');
    // 6. the approved review joins the finished tests: merge, deploy, done
    expect(runtime.publish('reviewReceived', 'pr-7', { reviewResult: 'approved' })).toBe(true);
    runtime.completeTask('mergeCode');
    runtime.completeJob('deploySnapshot');
    expect(runtime.status(pr)).toBe('completed');
    const created = runtime.log.flatMap(({ effect }) =>
      effect.type === 'taskCreated' ? [effect.elementId] : effect.type === 'jobCreated' ? [effect.jobType] : [],
    );
    expect(created.filter((entry) => ['requestReview', 'mergeCode', 'deploySnapshot'].includes(entry))).toEqual([
      'requestReview',
      'requestReview',
      'mergeCode',
      'deploySnapshot',
    ]);
    expect(created.filter((entry) => entry === 'runTests')).toHaveLength(3);
    // the join fired exactly once
    expect(runtime.log.filter(({ effect }) => effect.type === 'history' && effect.event.kind === 'elementActivated' && effect.event.elementId === 'Gateway_0ywtzgs')).toHaveLength(1);
  });

  it('automated-tests: three runTests jobs at once, each with its own operatingSystem, then completion', async () => {
    const run = new Run(await load('zeebe-process-test/automated-tests.bpmn'));
    run.start();
    const jobs = run.actions().flatMap((effect) => (effect.type === 'jobCreated' ? [effect] : []));
    expect(jobs.map((job) => job.variables.operatingSystem)).toEqual(['ubuntu', 'windows', 'macos']);
    for (const job of jobs) run.send({ type: 'completeJob', jobId: job.jobId });
    expect(run.status).toBe('completed');
  });

  it('looping-servicetask: N test jobs one after another, ending with loopAmount = N', async () => {
    const run = new Run(await load('zeebe-process-test/looping-servicetask.bpmn'));
    run.start({ totalLoops: 4 });
    for (let i = 0; i < 4; i++) {
      expect(run.jobsOf('test')).toHaveLength(1);
      run.completeJob('test');
    }
    expect(run.status).toBe('completed');
    expect(run.variables).toMatchObject({ totalLoops: 4, loopAmount: 4 });
  });

  it('multiple-tasks: three test jobs at once, one join, loopAmount = 1', async () => {
    const run = new Run(await load('zeebe-process-test/multiple-tasks.bpmn'));
    run.start();
    expect(run.jobsOf('test')).toHaveLength(3);
    for (const jobId of run.jobsOf('test')) run.send({ type: 'completeJob', jobId });
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({ loopAmount: 1 });
    const joins = run.history.filter((event) => event.kind === 'elementActivated' && event.elementType === 'bpmn:ParallelGateway');
    expect(joins).toHaveLength(2);
  });

  it('test_timer_events: the terminate end ends everything and cancels the 30-day timer (month-end clock)', async () => {
    const run = new Run(await load('zeebe-process-test/test_timer_events.bpmn'), { now: '2025-01-31T23:59:59.500Z' });
    run.start();
    expect(run.actions()).toMatchObject([{ type: 'timerScheduled', elementId: 'TimerEvent_Wait30d', dueAt: '2025-03-02T23:59:59.500Z' }, { type: 'jobCreated', jobType: 'SimpleLog01' }]);
    run.completeJob('SimpleLog01');
    expect(run.actions(true)).toMatchObject([{ type: 'timerScheduled', elementId: 'TimerEvent_Wait1s', dueAt: '2025-02-01T00:00:00.500Z' }]);
    run.fireTimer('TimerEvent_Wait1s');
    expect(run.status).toBe('terminated');
    expect(run.actions(true)).toMatchObject([{ type: 'timerCancelled' }, { type: 'instanceTerminated', status: 'terminated' }]);
  });

  it('timer-start-event-daily: deploy schedules the cycle; each firing starts an instance that completes at once', async () => {
    const definition = await load('zeebe-process-test/timer-start-event-daily.bpmn');
    const [start] = listStartEvents(definition);
    expect(start).toEqual({ processId: 'timer-start-event-daily', elementId: 'timer', kind: 'timer', timer: { kind: 'cycle', expression: 'R/P1D' } });
    const first = nextTimerDue(start!.timer!, '2024-12-31T00:00:00.000Z');
    expect(first).toEqual({ ok: true, dueAt: '2025-01-01T00:00:00.000Z', repetitions: null });
    const run = new Run(definition, { now: '2025-01-01T00:00:00.000Z' });
    run.start(undefined, { startEventId: 'timer' });
    expect(run.status).toBe('completed');
    expect(nextTimerDue(start!.timer!, first.ok ? first.dueAt : '')).toMatchObject({ dueAt: '2025-01-02T00:00:00.000Z' });
  });

  it('call-activity + start-end: the parent waits for the child and does not copy its variables back', async () => {
    const runtime = new MiniRuntime([await load('zeebe-process-test/call-activity.bpmn'), await load('zeebe-process-test/start-end.bpmn')]);
    const parent = runtime.start('call-activity', { input: 1 });
    expect(runtime.status(parent)).toBe('completed');
    expect(runtime.instances.size).toBe(2);
    expect(runtime.log.map(({ instanceId, effect }) => `${instanceId}:${effect.type}`).filter((entry) => !entry.endsWith('history'))).toEqual([
      'i1:callActivityStarted',
      'i2:instanceCompleted',
      'i1:instanceCompleted',
    ]);
    expect(runtime.variables(parent)).toEqual({ input: 1 });
  });
});

describe('conformance: camunda-8-js-sdk', () => {
  it('Client-ThrowError: the BPMN error interrupts the subprocess and the instance ends on the boundary branch', async () => {
    const run = new Run(await load('camunda-8-js-sdk/Client-ThrowError.bpmn'));
    run.start();
    run.send({ type: 'throwError', jobId: run.jobOf('throw-bpmn-error-task'), errorCode: 'BUSINESS_ERROR', variables: { something: 'went wrong' } });
    expect(run.trail(['elementTerminated'])).toEqual(['elementTerminated:Task_0bki2a1', 'elementTerminated:SubProcess_0kmfk49']);
    run.completeJob('sad-flow', { bpmnErrorCaught: true });
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({ something: 'went wrong', bpmnErrorCaught: true });
    const ends = run.trail(['elementActivated']).filter((entry) => entry.includes('EndEvent'));
    expect(ends).toEqual(['elementActivated:EndEvent_0cwovsu']);
  });

  it('Signal: the signal start is listed with its name and starts an instance', async () => {
    const definition = await load('camunda-8-js-sdk/Signal.bpmn');
    expect(listStartEvents(definition)).toEqual([{ processId: 'Signal', elementId: 'StartEvent_1', name: 'Start', kind: 'signal', signalName: 'test-signal' }]);
    const run = new Run(definition);
    run.start(undefined, { startEventId: 'StartEvent_1' });
    run.completeJob('signal-service-task');
    expect(run.status).toBe('completed');
  });

  it('test-tasks-query: the task waits with its linked form and completes with the customer details', async () => {
    const run = new Run(await load('camunda-8-js-sdk/test-tasks-query.bpmn'));
    run.start();
    expect(run.actions()).toMatchObject([{ type: 'taskCreated', name: 'Enter customer details', form: { formId: 'test-basic-form' } }]);
    run.completeTask('Activity_1nouls1', { firstName: 'San', lastName: 'Zhang', phoneNumber: '13800000000' });
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({ firstName: 'San', lastName: 'Zhang', phoneNumber: '13800000000' });
  });

  it('TasklistTestProcess: the embedded form is resolvable from the definition', async () => {
    const definition = await load('camunda-8-js-sdk/TasklistTestProcess.bpmn');
    const result = await compileDefinition(readConformance('camunda8/camunda-8-js-sdk/TasklistTestProcess.bpmn'));
    expect(result.report.problems.map((problem) => `${problem.severity}:${problem.code}`)).toEqual(['warning:TB_BPMN_PARSE_WARNING']);
    const run = new Run(definition);
    run.start();
    expect(run.actions()).toMatchObject([{ type: 'taskCreated', form: { formKey: 'camunda-forms:bpmn:userTaskForm_3r97fja' } }]);
    const form = JSON.parse(definition.processes[0]!.forms.userTaskForm_3r97fja!) as { components: Array<{ validate?: { required?: boolean }; defaultValue?: string }> };
    expect(form.components.some((component) => component.validate?.required === true && component.defaultValue === 'name')).toBe(true);
  });
});

describe('conformance: lib-bpmn-engine (BPMN 2.0 / Zeebe semantics)', () => {
  it('exclusive-gateway-multiple-tasks: price=0 runs only task-a; price=-99 runs task-default', async () => {
    const definition = await load('lib-bpmn-engine/exclusive-gateway-multiple-tasks.bpmn');
    const zero = new Run(definition);
    zero.start({ price: 0 });
    expect(zero.actions().map((effect) => effect.type === 'jobCreated' && effect.jobType)).toEqual(['task-a']);
    const negative = new Run(definition);
    negative.start({ price: -99 });
    expect(negative.actions().map((effect) => effect.type === 'jobCreated' && effect.jobType)).toEqual(['task-default']);
  });

  it('inclusive-gateway-multiple-tasks: price=0 runs task-a and task-b but not the default; price=-1 only the default', async () => {
    const definition = await load('lib-bpmn-engine/inclusive-gateway-multiple-tasks.bpmn');
    const zero = new Run(definition);
    zero.start({ price: 0 });
    expect(zero.actions().map((effect) => effect.type === 'jobCreated' && effect.jobType)).toEqual(['task-a', 'task-b']);
    const negative = new Run(definition);
    negative.start({ price: -1 });
    expect(negative.actions().map((effect) => effect.type === 'jobCreated' && effect.jobType)).toEqual(['task-default']);
  });

  it('message-intermediate-timer-event-expression: the FEEL timer wins and closes the subscription', async () => {
    const definition = await load('lib-bpmn-engine/message-intermediate-timer-event-expression.bpmn');
    const run = new Run(definition);
    run.start({ timeoutValue: 'PT1S', message: 'key-1' });
    expect(run.actions()).toMatchObject([
      { type: 'timerScheduled', elementId: 'timer1', dueAt: '2025-01-15T02:00:01.000Z' },
      { type: 'subscriptionOpened', elementId: 'message', messageName: 'message', correlationKey: 'key-1' },
    ]);
    run.fireTimer('timer1');
    expect(run.actions(true)).toMatchObject([{ type: 'subscriptionClosed' }, { type: 'jobCreated', jobType: 'task-for-timer' }]);
  });

  it('message-intermediate-timer-event-expression: the message wins when it comes first', async () => {
    const run = new Run(await load('lib-bpmn-engine/message-intermediate-timer-event-expression.bpmn'));
    run.start({ timeoutValue: 'PT1S', message: 'key-1' });
    run.correlate('message');
    expect(run.actions(true)).toMatchObject([{ type: 'timerCancelled' }, { type: 'jobCreated', jobType: 'task-for-message' }]);
  });

  it('message-intermediate-timer-event-expression: a non-duration or missing timeout is an incident and takes no path', async () => {
    const definition = await load('lib-bpmn-engine/message-intermediate-timer-event-expression.bpmn');
    for (const variables of [{ timeoutValue: 1.23, message: 'k' }, { message: 'k' }]) {
      const run = new Run(definition);
      run.start(variables);
      expect(run.actions()).toMatchObject([{ type: 'incidentRaised', kind: 'invalidValue' }]);
      expect(run.state!.timers).toEqual({});
      expect(run.state!.subscriptions).toEqual({});
    }
  });

  it('subprocess-fork-controlled-parallel-join: B1 only after A1 and A2, Task-C exactly once and last', async () => {
    const run = new Run(await load('lib-bpmn-engine/subprocess-fork-controlled-parallel-join.bpmn'));
    run.start();
    run.completeJob('Sub-A-Task-A1');
    expect(run.jobsOf('Sub-A-Task-B1')).toEqual([]);
    run.completeJob('Sub-A-Task-A2');
    run.completeJob('Sub-B-Task-A1');
    expect(run.jobsOf('Task-C')).toEqual([]);
    run.completeJob('Sub-A-Task-B1');
    run.completeJob('Task-C');
    expect(run.status).toBe('completed');
    const created = run.actions().flatMap((effect) => (effect.type === 'jobCreated' ? [effect.elementId] : []));
    expect(created.filter((id) => id === 'Task-C')).toHaveLength(1);
    expect(created.at(-1)).toBe('Task-C');
  });

  it('simple-link-events: Task-A and Task-B once each, then completion', async () => {
    const run = new Run(await load('lib-bpmn-engine/simple-link-events.bpmn'));
    run.start();
    expect(run.actions().map((effect) => effect.type === 'jobCreated' && effect.elementId).sort()).toEqual(['Task-A', 'Task-B']);
    run.completeJob('Task-A');
    run.completeJob('Task-B');
    expect(run.status).toBe('completed');
  });

  it('service-task-input-output: outputs read local inputs; inputs stay local; the user task sees orderName', async () => {
    const run = new Run(await load('lib-bpmn-engine/service-task-input-output.bpmn'));
    run.start();
    run.completeJob('service-task-1');
    expect(run.variables).toEqual({ order: { name: 'order1', id: '1234' }, orderId: 1234, dstcity: 'beijing' });
    expect(run.actions(true)).toMatchObject([{ type: 'taskCreated', elementId: 'user-task-2', variables: { orderName: 'order1' } }]);
  });

  it('user-tasks-with-assignments: john.doe with a custom form key, then candidate groups split on commas', async () => {
    const run = new Run(await load('lib-bpmn-engine/user-tasks-with-assignments.bpmn'));
    run.start();
    expect(run.actions(true)).toMatchObject([{ type: 'taskCreated', elementId: 'assignee-task', assignee: 'john.doe', candidateGroups: [], form: { formKey: 'form-key' } }]);
    run.completeTask('assignee-task');
    const [task] = run.actions(true);
    expect(task).toMatchObject({ type: 'taskCreated', elementId: 'group-task', candidateGroups: ['sales', 'marketing', 'support'] });
    expect(task).not.toHaveProperty('assignee');
    run.completeTask('group-task');
    expect(run.status).toBe('completed');
  });
});

describe('conformance: bpmn-js-properties-panel', () => {
  it('Forms.bpmn is refused: no start event and eight unreachable user tasks, in one report', async () => {
    const result = await compileDefinition(readConformance('camunda8/bpmn-js-properties-panel/Forms.bpmn'));
    expect(result.ok).toBe(false);
    const errors = result.report.problems.filter((problem) => problem.severity === 'error');
    expect(errors.map((problem) => problem.code)).toEqual(['TB_BPMN_NO_START_EVENT', ...Array(8).fill('TB_BPMN_UNREACHABLE')]);
    expect(errors.slice(1).map((problem) => problem.elementId)).toEqual([
      'CAMUNDA_FORM_EMBEDDED',
      'NO_FORM',
      'NO_FORM_ZEEBE_USER_TASK',
      'CUSTOM_FORM',
      'CUSTOM_FORM_ZEEBE_USER_TASK',
      'CAMUNDA_FORM_LINKED',
      'CAMUNDA_FORM_LINKED_ZEEBE_USER_TASK',
      'CAMUNDA_FORM_LINKED_VERSION_TAG',
    ]);
  });
});
