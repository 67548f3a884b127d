/**
 * Every model of shared/conformance/bpmn-miwg compiles or is refused with a report — never a crash — and the
 * executable Camunda 8 demos (C.9.1, C.9.2) run (Refs #3).
 */
import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../src/index.js';
import { compileOk, readConformance, Run } from '../support/harness.js';

/** `ok`, or the error codes of the refusal. The README of this package explains each refusal. */
const EXPECTED: Record<string, 'ok' | string[]> = {
  'reference/A.1.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/A.2.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/A.2.1.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/A.3.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/A.4.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/A.4.1.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/B.1.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/B.2.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/C.1.0.bpmn': ['TB_BPMN_FEEL_SYNTAX', 'TB_BPMN_MISSING_JOB_TYPE'],
  'reference/C.1.1.bpmn': ['TB_BPMN_FEEL_SYNTAX', 'TB_BPMN_FEEL_UNKNOWN_FUNCTION', 'TB_BPMN_MISSING_JOB_TYPE'],
  'reference/C.2.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/C.3.0.bpmn': ['TB_BPMN_FEEL_SYNTAX', 'TB_BPMN_MISSING_CONDITION', 'TB_BPMN_MISSING_CORRELATION_KEY', 'TB_BPMN_START_EVENT_INVALID'],
  'reference/C.4.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/C.5.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/C.6.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/C.7.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/C.8.0.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'reference/C.8.1.bpmn': ['TB_BPMN_MAPPING_INVALID'],
  'reference/C.9.0.bpmn': ['TB_BPMN_UNSUPPORTED_FEATURE'],
  'reference/C.9.1.bpmn': 'ok',
  'reference/C.9.2.bpmn': 'ok',
  'vendor-exports/bpmn.io-18.6.1_A.1.0-roundtrip.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'vendor-exports/bpmn.io-18.6.1_A.4.1-roundtrip.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'vendor-exports/signavio-19.9.0_A.1.0-export.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
  'vendor-exports/trisotech-12.6.3_A.4.1-export.bpmn': ['TB_BPMN_NO_EXECUTABLE_PROCESS'],
};

describe('conformance: bpmn-miwg', () => {
  for (const [path, expected] of Object.entries(EXPECTED)) {
    it(`${path} ${expected === 'ok' ? 'compiles' : 'is refused with a report'}`, async () => {
      const result = await compileDefinition(readConformance(`bpmn-miwg/${path}`));
      if (expected === 'ok') {
        expect(result.report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
        expect(result.ok).toBe(true);
        return;
      }
      expect(result.ok).toBe(false);
      const errors = result.report.problems.filter((problem) => problem.severity === 'error');
      expect([...new Set(errors.map((problem) => problem.code))].sort()).toEqual(expected);
      for (const problem of result.report.problems) {
        expect(problem.elementType).toMatch(/^bpmn:/);
        expect(problem.message.zh.length).toBeGreaterThan(0);
        expect(problem.message.en.length).toBeGreaterThan(0);
      }
    });
  }

  it('B.2.0 names every element it would not execute, even though no process there is executable', async () => {
    const result = await compileDefinition(readConformance('bpmn-miwg/reference/B.2.0.bpmn'));
    const unsupported = result.report.problems.filter((problem) => problem.code === 'TB_BPMN_UNSUPPORTED_ELEMENT');
    expect(unsupported.length).toBeGreaterThan(5);
    expect(unsupported.every((problem) => problem.severity === 'warning' && problem.elementId !== '')).toBe(true);
    expect(unsupported.map((problem) => problem.message.en).join(' ')).toMatch(/escalation|conditional|signal/);
  });

  it('C.9.0 is refused only for its DMN business rule task', async () => {
    const result = await compileDefinition(readConformance('bpmn-miwg/reference/C.9.0.bpmn'));
    expect(result.report.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.elementId, problem.elementType])).toEqual([
      ['BusinessRuleTask_CheckApplicationAutomatically', 'bpmn:BusinessRuleTask'],
    ]);
  });

  it('C.9.1 requests a document, sends daily reminders without interrupting, and calls the customer after a week', async () => {
    const run = new Run(await compileOk(readConformance('bpmn-miwg/reference/C.9.1.bpmn')));
    run.start({ documentReferenceId: 'doc-9' });
    run.completeJob('SendTask_RequestDocument');
    expect(run.actions(true).map((effect) => effect.type)).toEqual(['timerScheduled', 'timerScheduled', 'subscriptionOpened']);
    // a daily reminder fires: email sent, still waiting
    run.fireTimer('BoundaryEvent_1');
    run.completeJob('SendTask_SendReminderEmail');
    expect(run.activeElements()).toEqual(['ReceiveTask_WaitForDocument']);
    // the week passes: the wait is interrupted and the customer is called
    run.now = '2025-01-22T02:00:00.000Z';
    run.fireTimer('BoundaryEvent_2');
    expect(run.state!.timers).toEqual({});
    expect(run.state!.subscriptions).toEqual({});
    run.completeTask('UserTask_CallCustomer');
    expect(run.status).toBe('completed');
  });

  it('C.9.1 ends on the document when it arrives first', async () => {
    const run = new Run(await compileOk(readConformance('bpmn-miwg/reference/C.9.1.bpmn')));
    run.start({ documentReferenceId: 'doc-9' });
    run.completeJob('SendTask_RequestDocument');
    run.correlate('ReceiveTask_WaitForDocument', { document: 'scan.pdf' });
    expect(run.status).toBe('completed');
    expect(run.variables).toEqual({ documentReferenceId: 'doc-9', document: 'scan.pdf' });
  });

  it('C.9.2 runs non-interrupting event subprocesses beside the decision task', async () => {
    const run = new Run(await compileOk(readConformance('bpmn-miwg/reference/C.9.2.bpmn')));
    run.start({ risks: ['age', 'income'], applicant: { age: 30, name: 'Li' }, documentReferenceId: 'doc-1', fraudSuspectedId: 'f-1', documents: ['id', 'bank'] });
    // the decision task has its mapped inputs and the embedded form; the scope listens to three event subprocess starts
    expect(run.actions().filter((effect) => effect.type !== 'timerScheduled' && effect.type !== 'subscriptionOpened')).toMatchObject([
      {
        type: 'taskCreated',
        elementId: 'UserTask_DecideOnApplication',
        candidateGroups: ['clerks'],
        variables: { risksText: 'age, income', age: 30, applicantName: 'Li' },
        form: { formKey: 'camunda-forms:bpmn:userTaskForm_2s8lq02' },
      },
    ]);
    expect(Object.values(run.state!.subscriptions).map((subscription) => subscription.messageName).sort()).toEqual(['Message_DocumentRequested', 'Message_FraudSuspected']);
    // 1. documents are requested: a multi-instance call activity per document, the task stays
    run.correlate('StartMessageEvent_DocumentRequested');
    expect(run.actions(true).filter((effect) => effect.type === 'callActivityStarted')).toMatchObject([
      { processId: 'requestDocument_en', variables: { document: 'id' } },
      { processId: 'requestDocument_en', variables: { document: 'bank' } },
    ]);
    for (const call of Object.values(run.state!.calls)) run.send({ type: 'completeCallActivity', callId: call.id });
    // 2. fraud is suspected and cleared
    run.correlate('StartMessageEvent_FraudSuspected');
    run.completeTask('UserTask_CheckForFraud', { fraud: false });
    // 3. the decision is made: the instance completes and the event subprocess starts are closed
    run.completeTask('UserTask_DecideOnApplication', { approved: true });
    expect(run.status).toBe('completed');
    expect(run.actions(true).map((effect) => effect.type)).toEqual([
      'timerCancelled',
      'timerCancelled',
      'subscriptionClosed',
      'subscriptionClosed',
      'instanceCompleted',
    ]);
  });

  it('C.9.2 raises an incident for its timeout error when it was not started by a call activity', async () => {
    const run = new Run(await compileOk(readConformance('bpmn-miwg/reference/C.9.2.bpmn')));
    run.start({ risks: [], applicant: { age: 1, name: 'x' }, documentReferenceId: 'd', fraudSuspectedId: 'f', documents: [] });
    run.fireTimer('TimerEvent_Timeout');
    expect(run.actions(true)).toMatchObject([{ type: 'taskCancelled' }, { type: 'incidentRaised', elementId: 'ErrorEndEvent_Timeout', kind: 'unhandledError' }]);
  });

  it('C.9.2 hands its timeout error to the caller when started by a call activity', async () => {
    const run = new Run(await compileOk(readConformance('bpmn-miwg/reference/C.9.2.bpmn')));
    run.start({ risks: [], applicant: { age: 1, name: 'x' }, documentReferenceId: 'd', fraudSuspectedId: 'f', documents: [] }, { called: true });
    run.fireTimer('TimerEvent_Timeout');
    expect(run.status).toBe('terminated');
    expect(run.actions(true).at(-1)).toEqual({
      type: 'instanceTerminated',
      status: 'terminated',
      reason: 'errorThrown',
      elementId: 'ErrorEndEvent_Timeout',
      error: { errorCode: '02', variables: {} },
    });
  });
});
