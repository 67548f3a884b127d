import { describe, expect, it } from 'vitest';
import { step, isRejection, type Effect } from '../../src/index.js';
import { bpmn, compileOk, Run, runBothWays } from '../support/harness.js';

const NOW = '2025-01-15T02:00:00.000Z';

const LINEAR = bpmn(`
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:userTask id="accept" name="受理">
    <bpmn:extensionElements>
      <zeebe:assignmentDefinition candidateGroups="acceptance-clerk, chief" candidateUsers="=[&quot;wang&quot;]" assignee="=clerk" />
      <zeebe:formDefinition formId="application-form" />
      <zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders>
      <zeebe:taskSchedule dueDate="=now() + duration(&quot;P3D&quot;)" />
      <zeebe:priorityDefinition priority="70" />
      <zeebe:ioMapping><zeebe:input source="=applicant.name" target="applicantName" /></zeebe:ioMapping>
    </bpmn:extensionElements>
  </bpmn:userTask>
  <bpmn:serviceTask id="issue" name="发证">
    <bpmn:extensionElements>
      <zeebe:taskDefinition type="licence.issue" retries="5" />
      <zeebe:taskHeaders><zeebe:header key="stage" value="close" /></zeebe:taskHeaders>
    </bpmn:extensionElements>
  </bpmn:serviceTask>
  <bpmn:scriptTask id="score">
    <bpmn:extensionElements><zeebe:script expression="=count(materials) * 10" resultVariable="score" /></bpmn:extensionElements>
  </bpmn:scriptTask>
  <bpmn:endEvent id="end" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
  <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="issue" />
  <bpmn:sequenceFlow id="f3" sourceRef="issue" targetRef="score" />
  <bpmn:sequenceFlow id="f4" sourceRef="score" targetRef="end" />`);

describe('tasks and sequence flows', () => {
  it('creates a user task with its assignment, form, headers, schedule and local inputs', async () => {
    // given the linear model
    const run = new Run(await compileOk(LINEAR));
    // when an instance starts
    run.start({ clerk: 'li', applicant: { name: '张三' }, materials: ['a', 'b'] }, { actor: 'citizen-1' });
    // then the history and the task effect come in order
    expect(run.trail()).toEqual([
      'instanceStarted:p',
      'elementActivated:p',
      'variablesChanged:p',
      'elementActivated:start',
      'elementCompleted:start',
      'flowTaken:f1',
      'elementActivated:accept',
      'variablesChanged:accept',
      'taskCreated:accept',
    ]);
    expect(run.actions()).toEqual([
      {
        type: 'taskCreated',
        taskId: 'id1',
        elementId: 'accept',
        name: '受理',
        candidateGroups: ['acceptance-clerk', 'chief'],
        candidateUsers: ['wang'],
        assignee: 'li',
        form: { formId: 'application-form' },
        headers: { stage: 'accept' },
        dueDate: '2025-01-18T02:00:00.000Z',
        priority: 70,
        variables: { applicantName: '张三' },
      },
    ]);
    expect(run.history[0]).toMatchObject({ kind: 'instanceStarted', actor: 'citizen-1', at: NOW });
  });

  it('runs user task → job → script → end and completes with the process variables', async () => {
    const run = new Run(await compileOk(LINEAR));
    run.start({ clerk: 'li', applicant: { name: '张三' }, materials: ['a', 'b'] });
    // when the task is completed
    run.completeTask('accept', { accepted: true }, 'clerk-li');
    // then the job is created with every visible variable and the task's inputs are gone
    expect(run.actions(true)).toEqual([
      {
        type: 'jobCreated',
        jobId: 'id2',
        elementId: 'issue',
        jobType: 'licence.issue',
        retries: 5,
        headers: { stage: 'close' },
        variables: { clerk: 'li', applicant: { name: '张三' }, materials: ['a', 'b'], accepted: true },
      },
    ]);
    expect(run.history.find((event) => event.kind === 'taskCompleted')).toMatchObject({ actor: 'clerk-li', variables: { accepted: true } });
    // when the job completes
    run.completeJob('issue', { licenceNo: 'L-1' });
    // then the script runs and the instance completes
    expect(run.status).toBe('completed');
    expect(run.actions(true)).toEqual([
      {
        type: 'instanceCompleted',
        variables: { clerk: 'li', applicant: { name: '张三' }, materials: ['a', 'b'], accepted: true, licenceNo: 'L-1', score: 20 },
      },
    ]);
    expect(run.trail().slice(-12)).toEqual([
      'jobCompleted:issue',
      'variablesChanged:p',
      'elementCompleted:issue',
      'flowTaken:f3',
      'elementActivated:score',
      'variablesChanged:p',
      'elementCompleted:score',
      'flowTaken:f4',
      'elementActivated:end',
      'elementCompleted:end',
      'elementCompleted:p',
      'instanceCompleted:p',
    ]);
    expect(Object.keys(run.state!.elements)).toEqual([]);
  });

  it('gives the same result when the state goes through JSON at every wait state', async () => {
    const definition = await compileOk(LINEAR);
    const { direct, revived } = runBothWays(definition, (run) => {
      run.start({ clerk: 'li', applicant: { name: '张三' }, materials: [] });
      run.completeTask('accept');
      run.completeJob('licence.issue');
    });
    expect(revived.effects).toEqual(direct.effects);
    expect(revived.state).toEqual(direct.state);
  });

  it('rejects commands on unknown ids and on ended instances without throwing', async () => {
    const definition = await compileOk(LINEAR);
    const run = new Run(definition);
    const context = { now: NOW, newId: () => 'x' };
    expect(step(definition, undefined, { type: 'completeTask', taskId: 'nope' }, context)).toMatchObject({ rejected: true, code: 'TB_ENGINE_INSTANCE_NOT_FOUND' });
    run.start({ clerk: 'li', applicant: {}, materials: [] });
    expect(run.trySend({ type: 'completeTask', taskId: 'nope' })).toMatchObject({ code: 'TB_ENGINE_TASK_NOT_FOUND' });
    expect(run.trySend({ type: 'completeJob', jobId: 'nope' })).toMatchObject({ code: 'TB_ENGINE_JOB_NOT_FOUND' });
    expect(run.trySend({ type: 'fireTimer', timerId: 'nope' })).toMatchObject({ code: 'TB_ENGINE_TIMER_NOT_FOUND' });
    expect(run.trySend({ type: 'correlateMessage', subscriptionId: 'nope' })).toMatchObject({ code: 'TB_ENGINE_SUBSCRIPTION_NOT_FOUND' });
    expect(run.trySend({ type: 'resolveIncident', incidentId: 'nope' })).toMatchObject({ code: 'TB_ENGINE_INCIDENT_NOT_FOUND' });
    expect(run.trySend({ type: 'completeCallActivity', callId: 'nope' })).toMatchObject({ code: 'TB_ENGINE_CALL_NOT_FOUND' });
    expect(run.trySend({ type: 'start' })).toMatchObject({ code: 'TB_ENGINE_INSTANCE_ALREADY_STARTED' });
    run.send({ type: 'cancel', reason: 'withdrawn', actor: 'citizen-1' });
    expect(run.status).toBe('cancelled');
    const outcome = step(definition, run.state, { type: 'setVariables', variables: { a: 1 } }, context);
    expect(isRejection(outcome) && outcome.code).toBe('TB_ENGINE_INSTANCE_NOT_ACTIVE');
    expect(isRejection(outcome) && outcome.message.zh).toContain('已结束');
  });

  it('cancels a running instance: open work is cancelled, then the instance ends as cancelled', async () => {
    const run = new Run(await compileOk(LINEAR));
    run.start({ clerk: 'li', applicant: {}, materials: [] });
    run.send({ type: 'cancel', reason: 'withdrawn by applicant', actor: 'citizen-1' });
    expect(run.actions(true)).toEqual<Effect[]>([
      { type: 'taskCancelled', taskId: 'id1', elementId: 'accept' },
      { type: 'instanceTerminated', status: 'cancelled', reason: 'withdrawn by applicant' },
    ]);
    expect(run.trail().slice(-4)).toEqual(['taskCancelled:accept', 'elementTerminated:accept', 'elementTerminated:p', 'instanceCancelled:p']);
    expect(run.state!.elements).toEqual({});
    expect(run.state!.tasks).toEqual({});
  });

  it('rejects start with an unknown process or start event', async () => {
    const definition = await compileOk(LINEAR);
    const context = { now: NOW, newId: () => 'x' };
    expect(step(definition, undefined, { type: 'start', processId: 'q' }, context)).toMatchObject({ code: 'TB_ENGINE_PROCESS_NOT_FOUND' });
    expect(step(definition, undefined, { type: 'start', startEventId: 'accept' }, context)).toMatchObject({ code: 'TB_ENGINE_START_EVENT_NOT_FOUND' });
    expect(step(definition, undefined, { type: 'start' }, { now: 'yesterday', newId: () => 'x' })).toMatchObject({ code: 'TB_ENGINE_INVALID_COMMAND' });
  });

  it('sets process variables with setVariables and records the actor', async () => {
    const run = new Run(await compileOk(LINEAR));
    run.start({ clerk: 'li', applicant: {}, materials: [] });
    run.send({ type: 'setVariables', variables: { note: '补充说明' }, actor: 'clerk-li' });
    expect(run.variables).toMatchObject({ note: '补充说明' });
    expect(run.history.at(-1)).toMatchObject({ kind: 'variablesChanged', actor: 'clerk-li', variables: { note: '补充说明' }, scopeId: '1' });
  });

  it('fails a job with retries left, then raises an incident at zero and retries after resolution', async () => {
    const run = new Run(await compileOk(LINEAR));
    run.start({ clerk: 'li', applicant: {}, materials: [] });
    run.completeTask('accept');
    const jobId = run.jobOf('issue');
    run.send({ type: 'failJob', jobId, retries: 2, errorMessage: 'licence service down' });
    expect(run.actions(true)).toEqual([]);
    expect(run.state!.jobs[jobId]!.retries).toBe(2);
    run.send({ type: 'failJob', jobId, retries: 0, errorMessage: 'licence service down' });
    expect(run.actions(true)).toEqual([
      { type: 'incidentRaised', incidentId: 'id3', elementId: 'issue', kind: 'jobNoRetries', message: 'licence service down', jobId },
    ]);
    expect(run.trySend({ type: 'completeJob', jobId })).toMatchObject({ code: 'TB_ENGINE_JOB_NOT_ACTIVATABLE' });
    run.send({ type: 'resolveIncident', incidentId: 'id3', retries: 3 });
    expect(run.actions(true)).toEqual([
      { type: 'incidentResolved', incidentId: 'id3' },
      { type: 'jobRetriesUpdated', jobId, retries: 3 },
    ]);
    run.completeJob('issue');
    expect(run.status).toBe('completed');
  });

  it('raises an incident when a script fails and runs it again once resolved', async () => {
    // given a script calling a runtime function that fails the first time
    let down = true;
    const functions = {
      risk: (value: number) => {
        if (down) throw new Error('risk service down');
        return value * 2;
      },
    };
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:scriptTask id="assess"><bpmn:extensionElements><zeebe:script expression="=risk(level)" resultVariable="risk" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="assess" />
      <bpmn:sequenceFlow id="f2" sourceRef="assess" targetRef="end" />`),
      { functionNames: ['risk'] },
    );
    const run = new Run(definition, { functions });
    // when it starts
    run.start({ level: 4 });
    // then the script raised an incident and the token waits at it
    expect(run.actions(true)).toMatchObject([{ type: 'incidentRaised', elementId: 'assess', kind: 'expressionFailed' }]);
    expect(run.activeElements()).toEqual(['assess']);
    // when the function works again and the incident is resolved
    down = false;
    run.send({ type: 'resolveIncident', incidentId: Object.keys(run.state!.incidents)[0]! });
    // then the script runs and the instance completes
    expect(run.status).toBe('completed');
    expect(run.variables.risk).toBe(8);
  });

  it('computes a due date with a runtime FEEL function and the step clock on the Beijing wall clock', async () => {
    // given a deadline of 5 working days, computed by a function the runtime provides (here: a stub that skips weekends)
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:userTask id="accept"><bpmn:extensionElements>
        <zeebe:taskSchedule dueDate="=addWorkingDays(now(), 5)" followUpDate="=string(today()) + &quot;T17:00:00+08:00&quot;" />
      </bpmn:extensionElements></bpmn:userTask>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="accept" />`),
      { functionNames: ['addWorkingDays'] },
    );
    const seen: string[] = [];
    const addWorkingDays = (from: unknown, days: unknown): string => {
      seen.push(String(from));
      let at = Date.parse(String(from));
      for (let left = Number(days); left > 0; ) {
        at += 86_400_000;
        const weekday = new Date(at + 8 * 3_600_000).getUTCDay();
        if (weekday !== 0 && weekday !== 6) left -= 1;
      }
      return new Date(at).toISOString();
    };
    // when it starts on Friday 2025-01-17 23:30 Beijing time (15:30Z)
    const run = new Run(definition, { now: '2025-01-17T15:30:00.000Z', utcOffsetMinutes: 480, functions: { addWorkingDays } });
    run.start();
    // then now() was the step clock on the Beijing wall clock, and today() the Beijing date
    expect(seen).toEqual(['2025-01-17T23:30:00+08:00']);
    expect(run.actions()).toMatchObject([{ type: 'taskCreated', dueDate: '2025-01-24T15:30:00.000Z', followUpDate: '2025-01-17T09:00:00.000Z' }]);
  });

  it('raises an incident when an assignment expression fails and creates the task after resolution', async () => {
    const definition = await compileOk(
      bpmn(`
      <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="=groups" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />`),
    );
    const run = new Run(definition);
    run.start({ groups: 42 });
    expect(run.actions(true)).toEqual([
      {
        type: 'incidentRaised',
        incidentId: 'id1',
        elementId: 'review',
        kind: 'invalidValue',
        message: "candidate groups: '=groups' evaluated to 42, not a list of strings",
      },
    ]);
    run.send({ type: 'setVariables', variables: { groups: ['review-office'] } });
    run.send({ type: 'resolveIncident', incidentId: 'id1' });
    expect(run.actions(true)).toMatchObject([{ type: 'incidentResolved' }, { type: 'taskCreated', candidateGroups: ['review-office'] }]);
    expect(run.trail(['elementActivated']).filter((entry) => entry === 'elementActivated:review')).toHaveLength(1);
  });
});
