import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDefinition, isRejection, step, type CompiledDefinition, type InstanceState, type StepResult } from '@tongban/engine';
import { createCalendar } from '@tongban/calendar';
import { calendarFunctions, FEEL_FUNCTION_NAMES } from '../../engine/context';
import { planStateMigration, type MigrationInput } from './state-migration';

const templates = new URL('../../../../examples/templates/', import.meta.url);
const SIMPLE = readFileSync(new URL('procedures/simple.bpmn', templates), 'utf8');
const FORMS = {
  'acceptance-opinion': JSON.parse(readFileSync(new URL('forms/acceptance-opinion.form.json', templates), 'utf8')),
  'decision-opinion': JSON.parse(readFileSync(new URL('forms/decision-opinion.form.json', templates), 'utf8')),
};

let ids = 0;
const context = () => ({ now: '2026-11-24T09:00:00+08:00', newId: () => `id-${++ids}`, functions: calendarFunctions(createCalendar([])), utcOffsetMinutes: 480 });

async function compile(xml: string): Promise<CompiledDefinition> {
  const result = await compileDefinition(xml, { functionNames: [...FEEL_FUNCTION_NAMES] });
  if (!result.ok) throw new Error(JSON.stringify(result.report.problems));
  return result.definition;
}

/** An instance of the simple procedure waiting at acceptance, and its open task. */
function waitingAtAccept(definition: CompiledDefinition): { state: InstanceState; taskId: string } {
  const started = step(definition, undefined, { type: 'start', processId: 'template-simple', variables: { applicationNumber: 'N1' } }, context()) as StepResult;
  const taskId = Object.keys(started.state.tasks)[0]!;
  return { state: started.state, taskId };
}

const input = (state: InstanceState, from: CompiledDefinition, to: CompiledDefinition, taskId: string, extra: Partial<MigrationInput> = {}): MigrationInput => ({
  state, from, to, toProcessId: 'template-simple', mapping: {}, tasks: [{ id: taskId, elementId: 'accept', formId: 'acceptance-opinion' }],
  fromForms: FORMS, toForms: FORMS, ...extra,
});

describe('planStateMigration', () => {
  it('keeps element ids that still exist, and the migrated state resumes on the new procedure', async () => {
    const v1 = await compile(SIMPLE);
    const v2 = await compile(SIMPLE.replace('name="决定"', 'name="审查决定"'));
    const { state, taskId } = waitingAtAccept(v1);
    const plan = planStateMigration(input(state, v1, v2, taskId));
    expect(plan).toMatchObject({ ok: true, moves: [], problems: [] });
    const resumed = step(v2, plan.state, { type: 'completeTask', taskId, variables: { acceptOutcome: 'accept' } }, context());
    expect(isRejection(resumed)).toBe(false);
    const created = (resumed as StepResult).effects.find((effect) => effect.type === 'taskCreated');
    expect(created).toMatchObject({ elementId: 'decide', name: '审查决定' });
  });

  it('moves a token to a renamed element with the mapping, and refuses without it (the token would land nowhere)', async () => {
    const v1 = await compile(SIMPLE);
    const renamed = SIMPLE.replace(/(id|sourceRef|targetRef|bpmnElement)="accept"/g, '$1="acceptance"');
    const v2 = await compile(renamed);
    const { state, taskId } = waitingAtAccept(v1);
    const refused = planStateMigration(input(state, v1, v2, taskId));
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((problem) => [problem.code, problem.elementId])).toContainEqual(['TB_MIGRATION_TARGET_MISSING', 'accept']);

    const plan = planStateMigration(input(state, v1, v2, taskId, { mapping: { accept: 'acceptance' } }));
    expect(plan.ok).toBe(true);
    expect(plan.moves.map((move) => [move.kind, move.from, move.to])).toEqual([['token', 'accept', 'acceptance'], ['task', 'accept', 'acceptance']]);
    expect(plan.state!.tasks[taskId]!.elementId).toBe('acceptance');
    expect(plan.tasks).toEqual([expect.objectContaining({ id: taskId, elementId: 'acceptance', formId: 'acceptance-opinion', headers: { stage: 'accept' } })]);
    const resumed = step(v2, plan.state, { type: 'completeTask', taskId, variables: { acceptOutcome: 'accept' } }, context()) as StepResult;
    expect(resumed.effects.some((effect) => effect.type === 'taskCreated' && effect.elementId === 'decide')).toBe(true);
  });

  it('refuses a move onto an element of another kind', async () => {
    const v1 = await compile(SIMPLE);
    const v2 = await compile(SIMPLE);
    const { state, taskId } = waitingAtAccept(v1);
    const plan = planStateMigration(input(state, v1, v2, taskId, { mapping: { accept: 'acceptance-gateway' } }));
    expect(plan.problems.map((problem) => problem.code)).toContain('TB_MIGRATION_KIND_MISMATCH');
  });

  it('refuses when an open task\'s new form no longer asks for what its old form required', async () => {
    const v1 = await compile(SIMPLE);
    const v2 = await compile(SIMPLE);
    const { state, taskId } = waitingAtAccept(v1);
    const slimmer = structuredClone(FORMS);
    slimmer['acceptance-opinion'].components = slimmer['acceptance-opinion'].components.filter((component: { key?: string }) => component.key !== 'acceptOutcome');
    const plan = planStateMigration(input(state, v1, v2, taskId, { toForms: slimmer }));
    expect(plan.ok).toBe(false);
    expect(plan.problems[0]).toMatchObject({ code: 'TB_MIGRATION_FORM_DATA_LOST', elementId: 'accept' });
    expect(plan.problems[0]!.message.en).toContain('acceptOutcome');
  });

  it('warns when the new application form requires data the application lacks', async () => {
    const v1 = await compile(SIMPLE);
    const { state, taskId } = waitingAtAccept(v1);
    const plan = planStateMigration(input(state, v1, v1, taskId, { missingApplicationFields: ['premisesAddress'] }));
    expect(plan.ok).toBe(true);
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'TB_MIGRATION_APPLICATION_FIELD_MISSING', elementId: 'premisesAddress' })]);
  });
});
