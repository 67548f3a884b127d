/**
 * Property test (Refs #3): random block-structured models (sequences, XOR/AND/OR fork-join blocks, user and
 * service tasks, timers, guarded tasks with boundary timers, subprocesses) driven by random commands keep their
 * invariants: no lost or duplicated token, every join fires once per fork, every open task, job and timer
 * belongs to a live token, and the history replays to the state. Messages, event-based gateways and parallel or
 * sequential multi-instance tasks are mixed in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledDefinition, Command } from '../../src/index.js';
import { compileOk, Run } from '../support/harness.js';
import { checkState, projectState, replayHistory } from '../support/invariants.js';

type Block =
  | { t: 'user' }
  | { t: 'service' }
  | { t: 'timer' }
  | { t: 'guarded' }
  | { t: 'message' }
  | { t: 'race' }
  | { t: 'mi'; sequential: boolean }
  | { t: 'seq'; items: Block[] }
  | { t: 'xor' | 'and' | 'or'; branches: Block[] }
  | { t: 'sub'; body: Block };

const blockArbitrary: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Block>({ t: 'user' }),
    fc.constant<Block>({ t: 'service' }),
    fc.constant<Block>({ t: 'timer' }),
    fc.constant<Block>({ t: 'guarded' }),
    fc.constant<Block>({ t: 'message' }),
    fc.constant<Block>({ t: 'race' }),
    fc.record({ t: fc.constant('mi' as const), sequential: fc.boolean() }),
    fc.record({ t: fc.constant('seq' as const), items: fc.array(tie('block'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ t: fc.constantFrom('xor' as const, 'and' as const, 'or' as const), branches: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ t: fc.constant('sub' as const), body: tie('block') }),
  ),
})).block;

interface Built {
  xml: string;
  /** Gateway pairs (fork id, join id) of AND and OR blocks. */
  joins: Array<{ fork: string; join: string }>;
  /** Decision variables: XOR gateways choose a branch index, OR gateways a set of branches. */
  decisions: Array<{ gateway: string; kind: 'xor' | 'or'; branches: number }>;
}

/** Serialises a block tree into an executable BPMN document. */
function build(root: Block): Built {
  let counter = 0;
  const next = (prefix: string): string => `${prefix}${++counter}`;
  const joins: Built['joins'] = [];
  const decisions: Built['decisions'] = [];
  const flow = (out: string[], source: string, target: string, condition?: string): string => {
    const body = condition ? `<bpmn:conditionExpression>${condition}</bpmn:conditionExpression>` : '';
    const id = next('f');
    out.push(`<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}">${body}</bpmn:sequenceFlow>`);
    return id;
  };
  const emit = (block: Block, out: string[]): { entry: string; exit: string } => {
    switch (block.t) {
      case 'user': {
        const id = next('user');
        out.push(`<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="clerks" /></bpmn:extensionElements></bpmn:userTask>`);
        return { entry: id, exit: id };
      }
      case 'service': {
        const id = next('job');
        out.push(`<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="work" retries="2" /></bpmn:extensionElements></bpmn:serviceTask>`);
        return { entry: id, exit: id };
      }
      case 'timer': {
        const id = next('wait');
        out.push(`<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`);
        return { entry: id, exit: id };
      }
      case 'guarded': {
        const task = next('user');
        const boundary = next('late');
        const merge = next('merge');
        out.push(`<bpmn:userTask id="${task}" />`);
        out.push(`<bpmn:boundaryEvent id="${boundary}" attachedToRef="${task}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`);
        out.push(`<bpmn:exclusiveGateway id="${merge}" />`);
        flow(out, task, merge);
        flow(out, boundary, merge);
        return { entry: task, exit: merge };
      }
      case 'message': {
        const id = next('msg');
        out.push(`<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="note" /></bpmn:intermediateCatchEvent>`);
        return { entry: id, exit: id };
      }
      case 'race': {
        const gateway = next('race');
        const timer = next('raceTimer');
        const message = next('raceMessage');
        const merge = next('merge');
        out.push(`<bpmn:eventBasedGateway id="${gateway}" />`, `<bpmn:exclusiveGateway id="${merge}" />`);
        out.push(`<bpmn:intermediateCatchEvent id="${timer}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT3H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`);
        out.push(`<bpmn:intermediateCatchEvent id="${message}"><bpmn:messageEventDefinition messageRef="note" /></bpmn:intermediateCatchEvent>`);
        flow(out, gateway, timer);
        flow(out, gateway, message);
        flow(out, timer, merge);
        flow(out, message, merge);
        return { entry: gateway, exit: merge };
      }
      case 'mi': {
        const id = next('each');
        out.push(
          `<bpmn:userTask id="${id}"><bpmn:multiInstanceLoopCharacteristics isSequential="${block.sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="out_${id}" outputElement="=item" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`,
        );
        return { entry: id, exit: id };
      }
      case 'seq': {
        const parts = block.items.map((item) => emit(item, out));
        for (let i = 1; i < parts.length; i++) flow(out, parts[i - 1]!.exit, parts[i]!.entry);
        return { entry: parts[0]!.entry, exit: parts.at(-1)!.exit };
      }
      case 'sub': {
        const id = next('sub');
        const inner: string[] = [];
        const start = next('subStart');
        const end = next('subEnd');
        inner.push(`<bpmn:startEvent id="${start}" />`, `<bpmn:endEvent id="${end}" />`);
        const body = emit(block.body, inner);
        flow(inner, start, body.entry);
        flow(inner, body.exit, end);
        out.push(`<bpmn:subProcess id="${id}">${inner.join('\n')}</bpmn:subProcess>`);
        return { entry: id, exit: id };
      }
      default: {
        const type = { xor: 'exclusiveGateway', and: 'parallelGateway', or: 'inclusiveGateway' }[block.t];
        const fork = next('fork');
        const join = next('join');
        const parts = block.branches.map((branch) => emit(branch, out));
        let defaultFlow = '';
        parts.forEach((part, index) => {
          const last = index === parts.length - 1;
          if (block.t === 'and') flow(out, fork, part.entry);
          else if (last) defaultFlow = flow(out, fork, part.entry);
          else if (block.t === 'xor') flow(out, fork, part.entry, `=${fork} = ${index}`);
          else flow(out, fork, part.entry, `=list contains(${fork}, ${index})`);
          flow(out, part.exit, join);
        });
        const defaultAttribute = block.t === 'and' ? '' : ` default="${defaultFlow}"`;
        out.push(`<bpmn:${type} id="${fork}"${defaultAttribute} />`, `<bpmn:${type} id="${join}" />`);
        if (block.t === 'xor') decisions.push({ gateway: fork, kind: 'xor', branches: parts.length });
        else if (block.t === 'or') decisions.push({ gateway: fork, kind: 'or', branches: parts.length });
        if (block.t !== 'xor') joins.push({ fork, join });
        return { entry: fork, exit: join };
      }
    }
  };
  const out: string[] = ['<bpmn:startEvent id="start" />', '<bpmn:endEvent id="end" />'];
  const body = emit(root, out);
  flow(out, 'start', body.entry);
  flow(out, body.exit, 'end');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="randomDefinitions" targetNamespace="http://tongban.example/random">
  <bpmn:process id="random" isExecutable="true">${out.join('\n')}</bpmn:process>
  <bpmn:message id="note" name="note"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;
  return { xml, joins, decisions };
}

/** The commands available now; `choice` picks one. */
function available(run: Run): Command[] {
  const state = run.state!;
  const commands: Command[] = [];
  for (const task of Object.values(state.tasks)) commands.push({ type: 'completeTask', taskId: task.id, variables: { [`done_${task.elementId}`]: true } });
  for (const job of Object.values(state.jobs)) {
    if (job.state !== 'activatable') continue;
    commands.push({ type: 'completeJob', jobId: job.id, variables: { result: job.elementId } });
    commands.push({ type: 'failJob', jobId: job.id, retries: job.retries - 1, errorMessage: 'flaky' });
  }
  for (const timer of Object.values(state.timers)) commands.push({ type: 'fireTimer', timerId: timer.id });
  for (const subscription of Object.values(state.subscriptions)) commands.push({ type: 'correlateMessage', subscriptionId: subscription.id, variables: { note: subscription.elementId } });
  for (const incident of Object.values(state.incidents)) commands.push({ type: 'resolveIncident', incidentId: incident.id, retries: 2 });
  return commands;
}

function assertInvariants(definition: CompiledDefinition, run: Run, built: Built): void {
  const state = run.state!;
  expect(checkState(definition, state)).toEqual([]);
  // no duplicated token: without loops or multi-instance, an element has at most one token per scope
  const seen = new Set<string>();
  for (const instance of Object.values(state.elements)) {
    if (instance.role === 'inner') continue;
    const key = `${instance.parentKey}/${instance.elementId}`;
    expect(seen.has(key), `duplicated token at ${key}`).toBe(false);
    seen.add(key);
    for (const arrivals of Object.values(instance.joins ?? {})) for (const count of Object.values(arrivals)) expect(count).toBe(1);
  }
  // every join fires at most once per activation of its fork
  const activations = (id: string): number => run.history.filter((event) => event.kind === 'elementActivated' && event.elementId === id).length;
  for (const { fork, join } of built.joins) expect(activations(join)).toBeLessThanOrEqual(activations(fork));
  // the history replays to the state
  expect(replayHistory(run.history)).toEqual(projectState(state));
}

describe('random block-structured models', () => {
  it('keep their invariants under random commands and always complete', async () => {
    await fc.assert(
      fc.asyncProperty(blockArbitrary, fc.array(fc.nat(), { minLength: 10, maxLength: 10 }), fc.array(fc.nat({ max: 99 }), { maxLength: 40 }), async (block, answers, choices) => {
        const built = build(block);
        const definition = await compileOk(built.xml);
        const variables: Record<string, unknown> = { caseId: 'case-1', items: answers.slice(0, 1 + ((answers[0] ?? 0) % 3)) };
        built.decisions.forEach((decision, index) => {
          const answer = answers[index % answers.length] ?? 0;
          if (decision.kind === 'xor') variables[decision.gateway] = answer % decision.branches;
          else variables[decision.gateway] = [...Array(decision.branches - 1).keys()].filter((branch) => (answer >> branch) & 1);
        });
        const run = new Run(definition);
        run.start(variables);
        assertInvariants(definition, run, built);
        // 1. random commands
        for (const choice of choices) {
          if (run.status !== 'active') break;
          const commands = available(run);
          if (commands.length === 0) break;
          run.send(commands[choice % commands.length]!);
          assertInvariants(definition, run, built);
        }
        // 2. drive to the end: complete work, fire timers, resolve incidents
        for (let guard = 0; run.status === 'active' && guard < 500; guard++) {
          const commands = available(run).filter((command) => command.type !== 'failJob');
          expect(commands.length, 'an active instance always has something to do').toBeGreaterThan(0);
          run.send(commands[0]!);
          assertInvariants(definition, run, built);
        }
        expect(run.status).toBe('completed');
        const activations = (id: string): number => run.history.filter((event) => event.kind === 'elementActivated' && event.elementId === id).length;
        for (const { fork, join } of built.joins) expect(activations(join)).toBe(activations(fork));
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
