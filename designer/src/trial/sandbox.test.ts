import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intakeVariables, JOB_RESULT_PRESETS, TrialSandbox } from './sandbox';

/** 城乡居民基本养老保险参保登记 of the example catalogue: review assistant → accept → decide → notify. */
const BPMN = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'items', 'resident-pension-enrolment', 'procedure.bpmn'), 'utf8');

async function started() {
  const compiled = await TrialSandbox.compile(BPMN, 'resident-pension-enrolment', new Date('2026-11-24T09:00:00+08:00'));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  const sandbox = compiled.sandbox;
  const refused = sandbox.start(intakeVariables({
    itemCode: 'GG00003001', formData: { specialGroup: 'none', isAgent: false }, materials: ['M001', 'M002', 'M003'],
    applicant: { kind: 'person', name: '王晓明', idNumber: '449902199003154519' }, regionCode: '449902', channel: 'online',
  }), 'trial:applicant');
  expect(refused).toBeNull();
  return sandbox;
}

const reviewPass = JOB_RESULT_PRESETS['tongban.review-assistant']![0]!.variables;

describe('TrialSandbox › a trial run in the browser', () => {
  it('keeps only open work in its lists as jobs and tasks complete', async () => {
    // given a started trial waiting for the review assistant
    const sandbox = await started();
    expect([...sandbox.jobs.values()].map((job) => job.jobType)).toEqual(['tongban.review-assistant']);
    const [review] = [...sandbox.jobs.keys()];

    // when the job completes, it leaves the list, and completing it again is refused by the engine
    expect(sandbox.completeJob(review!, reviewPass)).toBeNull();
    expect(sandbox.jobs.has(review!)).toBe(false);
    expect(sandbox.completeJob(review!, reviewPass)?.code).toBe('TB_ENGINE_JOB_NOT_FOUND');

    // then the acceptance task is the only open work; once accepted it leaves too, and the decision is next
    expect([...sandbox.tasks.values()].map((task) => task.elementId)).toEqual(['accept']);
    const [accept] = [...sandbox.tasks.keys()];
    expect(sandbox.completeTask(accept!, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全' } }, 'trial:acceptance-clerk')).toBeNull();
    expect([...sandbox.tasks.values()].map((task) => task.elementId)).toEqual(['decide']);
  });

  it('runs to the end: decided, notified, completed with nothing left open', async () => {
    const sandbox = await started();
    sandbox.completeJob([...sandbox.jobs.keys()][0]!, reviewPass);
    sandbox.completeTask([...sandbox.tasks.keys()][0]!, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全' } }, 'trial:acceptance-clerk');
    sandbox.completeTask([...sandbox.tasks.keys()][0]!, { outcome: 'approve', formData: { decisionOpinion: '准予参保' } }, 'trial:decider');
    for (const job of [...sandbox.jobs.values()]) expect(sandbox.completeJob(job.id, JOB_RESULT_PRESETS[job.jobType]![0]!.variables)).toBeNull();
    expect(sandbox.status).toBe('completed');
    expect([sandbox.tasks.size, sandbox.jobs.size, sandbox.timers.size, sandbox.subscriptions.size]).toEqual([0, 0, 0, 0]);
    expect(sandbox.timeline.filter((event) => event.kind === 'taskCompleted').map((event) => event.elementId)).toEqual(['accept', 'decide']);
  });
});
