/**
 * Frozen fixtures of every past state version and compiled-definition format must still load and resume
 * (STYLE.md). Never edit a frozen fixture: add a new one when a version is bumped.
 */
import { describe, expect, it } from 'vitest';
import { COMPILED_DEFINITION_FORMAT, STATE_VERSION, type CompiledDefinition, type InstanceState } from '../src/index.js';
import { readFixture, Run } from './support/harness.js';

describe('frozen state fixtures', () => {
  it('resumes an application procedure frozen at review under state version 1', () => {
    // given a state and a compiled definition stored by an earlier build
    const frozen = JSON.parse(readFixture('state-v1/application-procedure-at-review.json')) as {
      stateVersion: number;
      definitionFormat: number;
      definition: CompiledDefinition;
      state: InstanceState;
    };
    expect(frozen.stateVersion).toBeLessThanOrEqual(STATE_VERSION);
    expect(frozen.definitionFormat).toBeLessThanOrEqual(COMPILED_DEFINITION_FORMAT);
    const run = new Run(frozen.definition, { now: '2025-03-04T01:00:00.000Z' });
    run.state = frozen.state;
    // when the review and the decision are completed and the licence is issued
    run.completeTask('Review', { reviewOpinion: 'ok' });
    expect(run.actions(true)).toMatchObject([{ type: 'taskCreated', elementId: 'Decision', headers: { stage: 'decide' } }]);
    run.completeTask('Decision', { approved: true });
    run.completeJob('licence.issue');
    // then the instance completes with every variable collected so far
    expect(run.status).toBe('completed');
    expect(run.variables).toMatchObject({ applicationNumber: 'SH-2025-000042', materials: ['id-card'], acceptanceResult: 'accept', approved: true });
  });
});
