/** The standard Tongban application procedure (test/fixtures/application-procedure.bpmn), end to end. */
import { describe, expect, it } from 'vitest';
import { compileDefinition, type Effect } from '../../src/index.js';
import { compileOk, readFixture, Run, runBothWays } from '../support/harness.js';

const XML = readFixture('application-procedure.bpmn');

function created(effects: Effect[]): string[] {
  return effects.flatMap((effect) =>
    effect.type === 'taskCreated' ? [`task:${effect.elementId}:${effect.headers.stage}:${effect.candidateGroups.join('|')}`] : effect.type === 'jobCreated' ? [`job:${effect.jobType}:${effect.headers.stage}`] : [],
  );
}

describe('application procedure (办件标准流程)', () => {
  it('compiles without problems', async () => {
    const result = await compileDefinition(XML);
    expect(result.report.problems).toEqual([]);
  });

  it('goes acceptance → supplementation → acceptance → review → decision → licence issue → closed', async () => {
    const definition = await compileOk(XML);
    const { direct, revived } = runBothWays(definition, (run) => {
      run.start({ applicationNumber: 'SH-2025-000001', applicant: { name: '张三' } }, { actor: 'citizen:1' });
      run.completeTask('Acceptance', { acceptanceResult: 'supplement', opinion: '缺少身份证复印件' }, 'clerk:li');
      run.correlate('Supplementation', { materials: ['id-card'] });
      run.completeTask('Acceptance', { acceptanceResult: 'accept' }, 'clerk:li');
      run.completeTask('Review', { reviewOpinion: '材料齐全' }, 'officer:wang');
      run.completeTask('Decision', { approved: true }, 'director:zhao');
      run.completeJob('licence.issue', { licenceNumber: 'L-000001' });
    });
    expect(revived.effects).toEqual(direct.effects);
    expect(revived.state).toEqual(direct.state);
    expect(direct.status).toBe('completed');
    expect(created(direct.effects)).toEqual([
      'task:Acceptance:accept:acceptance-clerk',
      'task:Acceptance:accept:acceptance-clerk',
      'task:Review:review:review-officer',
      'task:Decision:decide:decision-maker',
      'job:licence.issue:close',
    ]);
    expect(direct.actions().filter((effect) => effect.type === 'subscriptionOpened')).toEqual([
      { type: 'subscriptionOpened', subscriptionId: 'id2', elementId: 'Supplementation', messageName: 'supplement', correlationKey: 'SH-2025-000001' },
    ]);
    expect(direct.variables).toMatchObject({ acceptanceResult: 'accept', materials: ['id-card'], approved: true, licenceNumber: 'L-000001' });
    expect(direct.history.filter((event) => event.kind === 'taskCompleted').map((event) => event.actor)).toEqual([
      'clerk:li',
      'clerk:li',
      'officer:wang',
      'director:zhao',
    ]);
  });

  it('ends at 不予受理 when acceptance rejects', async () => {
    const run = new Run(await compileOk(XML));
    run.start({ applicationNumber: 'SH-2025-000002' });
    run.completeTask('Acceptance', { acceptanceResult: 'reject' });
    expect(run.status).toBe('completed');
    expect(run.trail(['elementActivated']).at(-1)).toBe('elementActivated:ApplicationRejected');
  });

  it('stops on an incident when the acceptance result is missing', async () => {
    const run = new Run(await compileOk(XML));
    run.start({ applicationNumber: 'SH-2025-000003' });
    run.completeTask('Acceptance', {});
    expect(run.actions(true)).toMatchObject([{ type: 'incidentRaised', elementId: 'AcceptanceDecision', kind: 'conditionNotMet' }]);
  });
});
