import type { CompiledDefinition, CompiledElement, CompiledProcess, ElementInstance, InstanceState } from '@tongban/engine';
import { requiredFieldKeys } from './validation';

/** A move of one piece of engine state from an old element (or flow) id to a new one. */
export interface StateMove {
  kind: 'process' | 'token' | 'task' | 'job' | 'timer' | 'subscription' | 'call' | 'incident' | 'join';
  id: string;
  from: string;
  to: string;
}

/** Why an application cannot move (or a caution when it can). */
export interface MigrationIssue {
  code: string;
  /** The old element id the issue is about (or the form id / field). */
  elementId: string;
  message: { zh: string; en: string };
}

/** An open task of the application, as the migration needs it. */
export interface TaskRef {
  id: string;
  elementId: string;
  formId: string | null;
}

/** What {@link planStateMigration} needs. */
export interface MigrationInput {
  state: InstanceState;
  from: CompiledDefinition;
  to: CompiledDefinition;
  /** Process id in the new version (the item's `procedure.processId`). */
  toProcessId: string;
  /** Old element or flow id → new id; ids not listed map to themselves. */
  mapping: Readonly<Record<string, string>>;
  tasks: TaskRef[];
  fromForms: Record<string, unknown>;
  toForms: Record<string, unknown>;
  /** Required fields of the new application form the application's data lacks (a warning). */
  missingApplicationFields?: string[];
}

/** The result: the rewritten state, every move, refusals and cautions. */
export interface MigrationPlan {
  ok: boolean;
  state?: InstanceState;
  moves: StateMove[];
  problems: MigrationIssue[];
  warnings: MigrationIssue[];
  /** New element id → its new form id, name and headers, for the task rows. */
  tasks: Array<{ id: string; elementId: string; formId: string | null; name: string | null; headers: Record<string, string>; candidateGroups?: string[] }>;
}

const issue = (code: string, elementId: string, zh: string, en: string): MigrationIssue => ({ code, elementId, message: { zh, en } });

/** Element kinds that may take each other's tokens: the same behaviour, so the waiting state means the same. */
const compatible = (a: CompiledElement, b: CompiledElement) =>
  a.kind === b.kind && Boolean(a.multiInstance) === Boolean(b.multiInstance)
  && (a.kind !== 'intermediateCatchEvent' && a.kind !== 'boundaryEvent' && a.kind !== 'receiveTask' || a.event?.kind === b.event?.kind);

/**
 * Plans moving a running instance to another version of its procedure, with a mapping of old element ids to new
 * ones (unmapped ids keep their id), and rewrites the state when it can. Pure.
 *
 * Refused, with the reasons, when:
 * - a token, task, job, timer, subscription, call or incident would land on an element the new procedure lacks
 *   (`TB_MIGRATION_TARGET_MISSING`), or on one of another kind (`TB_MIGRATION_KIND_MISMATCH`), or outside the scope
 *   its parent token moved to (`TB_MIGRATION_SCOPE_MISMATCH`);
 * - a service task's job would change type, or a waiting message its name (`TB_MIGRATION_KIND_MISMATCH`);
 * - a join's arrivals sit on flows the new gateway lacks (`TB_MIGRATION_TARGET_MISSING`);
 * - an open task's new form no longer asks for a field its old form required (`TB_MIGRATION_FORM_DATA_LOST`).
 *
 * A required field of the new application form missing from the application's data is a warning.
 */
export function planStateMigration(input: MigrationInput): MigrationPlan {
  const { state, mapping } = input;
  const problems: MigrationIssue[] = [];
  const warnings: MigrationIssue[] = [];
  const moves: StateMove[] = [];
  const fromProcess = input.from.processes.find((process) => process.id === state.processId);
  const toProcess = input.to.processes.find((process) => process.id === input.toProcessId);
  if (!fromProcess || !toProcess || !toProcess.executable) {
    problems.push(issue('TB_MIGRATION_TARGET_MISSING', state.processId,
      `新版本没有可执行的流程 ${input.toProcessId}`, `the new version has no executable process ${input.toProcessId}`));
    return { ok: false, moves, problems, warnings, tasks: [] };
  }
  const target = (id: string) => mapping[id] ?? id;
  const elementIn = (process: CompiledProcess, id: string) => process.elements[id];

  // Tokens and scopes.
  const elements: Record<string, ElementInstance> = {};
  for (const [key, instance] of Object.entries(state.elements)) {
    if (instance.role === 'process') {
      elements[key] = { ...instance, elementId: toProcess.id };
      if (instance.elementId !== toProcess.id) moves.push({ kind: 'process', id: key, from: instance.elementId, to: toProcess.id });
      continue;
    }
    const to = target(instance.elementId);
    const before = elementIn(fromProcess, instance.elementId);
    const after = elementIn(toProcess, to);
    if (!after) {
      problems.push(issue('TB_MIGRATION_TARGET_MISSING', instance.elementId,
        `令牌所在的 ${instance.elementId} 在新版本中不存在${to !== instance.elementId ? `（映射到 ${to}）` : ''}，请提供映射`,
        `the token at ${instance.elementId} would land nowhere: ${to} is not in the new version; map it`));
      continue;
    }
    if (before && !compatible(before, after)) {
      problems.push(issue('TB_MIGRATION_KIND_MISMATCH', instance.elementId,
        `${instance.elementId}（${before.kind}）不能迁移到 ${to}（${after.kind}）`, `${instance.elementId} (${before.kind}) cannot move to ${to} (${after.kind})`));
      continue;
    }
    elements[key] = { ...instance, elementId: to };
    if (to !== instance.elementId) moves.push({ kind: 'token', id: key, from: instance.elementId, to });
    if (instance.joins) {
      const joins: Record<string, Record<string, number>> = {};
      for (const [gatewayId, arrivals] of Object.entries(instance.joins)) {
        const gateway = elementIn(toProcess, target(gatewayId));
        if (!gateway) {
          problems.push(issue('TB_MIGRATION_TARGET_MISSING', gatewayId, `汇聚网关 ${gatewayId} 在新版本中不存在`, `the joining gateway ${gatewayId} is not in the new version`));
          continue;
        }
        const mapped: Record<string, number> = {};
        for (const [flowId, count] of Object.entries(arrivals)) {
          const flowTo = target(flowId);
          if (!gateway.incoming.includes(flowTo)) {
            problems.push(issue('TB_MIGRATION_TARGET_MISSING', flowId, `已到达汇聚网关的连线 ${flowId} 在新版本中不是 ${gateway.id} 的入口`, `flow ${flowId} with waiting arrivals is not an incoming flow of ${gateway.id} in the new version`));
            continue;
          }
          mapped[flowTo] = count;
          if (flowTo !== flowId) moves.push({ kind: 'join', id: `${key}:${gatewayId}`, from: flowId, to: flowTo });
        }
        joins[gateway.id] = mapped;
      }
      elements[key]!.joins = joins;
    }
  }
  // Each moved token must stay inside the scope its parent moved to (an inner instance of a multi-instance body is
  // the body's element itself).
  for (const [key, instance] of Object.entries(elements)) {
    if (instance.role === 'process' || !instance.parentKey) continue;
    const parent = elements[instance.parentKey];
    const after = elementIn(toProcess, instance.elementId);
    if (!parent || !after) continue;
    const expectedParent = parent.role === 'process' ? null : parent.elementId;
    const inside = instance.role === 'inner' ? parent.elementId === instance.elementId : after.parentId === expectedParent;
    if (!inside) {
      problems.push(issue('TB_MIGRATION_SCOPE_MISMATCH', state.elements[key]!.elementId,
        `${instance.elementId} 在新版本中不在 ${expectedParent ?? '流程'} 内`, `${instance.elementId} is not inside ${expectedParent ?? 'the process'} in the new version`));
    }
  }

  const moveEntries = <T extends { id: string; elementId: string }>(kind: StateMove['kind'], entries: Record<string, T>, check?: (before: T, after: CompiledElement) => MigrationIssue | undefined) => {
    const out: Record<string, T> = {};
    for (const [id, entry] of Object.entries(entries)) {
      const to = target(entry.elementId);
      const after = elementIn(toProcess, to);
      if (!after) {
        problems.push(issue('TB_MIGRATION_TARGET_MISSING', entry.elementId, `${kind} ${id} 所在的 ${entry.elementId} 在新版本中不存在`, `${kind} ${id} would land nowhere: ${to} is not in the new version`));
        continue;
      }
      const refused = check?.(entry, after);
      if (refused) problems.push(refused);
      out[id] = { ...entry, elementId: to };
      if (to !== entry.elementId) moves.push({ kind, id, from: entry.elementId, to });
    }
    return out;
  };
  const jobs = moveEntries('job', state.jobs, (job, after) => (after.job && after.job.type === job.jobType ? undefined
    : issue('TB_MIGRATION_KIND_MISMATCH', job.elementId, `作业类型 ${job.jobType} 在新版本的 ${after.id} 中不同`, `the job type ${job.jobType} differs at ${after.id} in the new version`)));
  const timers = moveEntries('timer', state.timers, (timer, after) => (after.event?.kind === 'timer' ? undefined
    : issue('TB_MIGRATION_KIND_MISMATCH', timer.elementId, `${after.id} 在新版本中不是定时事件`, `${after.id} is not a timer event in the new version`)));
  const subscriptions = moveEntries('subscription', state.subscriptions, (subscription, after) => {
    const name = after.event?.kind === 'message' ? after.event.messageName : undefined;
    return name === subscription.messageName || (name?.startsWith('=') ?? false) ? undefined
      : issue('TB_MIGRATION_KIND_MISMATCH', subscription.elementId, `${after.id} 在新版本中不等待消息 ${subscription.messageName}`, `${after.id} does not wait for message ${subscription.messageName} in the new version`);
  });
  const calls = moveEntries('call', state.calls, (call, after) => (after.kind === 'callActivity' ? undefined
    : issue('TB_MIGRATION_KIND_MISMATCH', call.elementId, `${after.id} 在新版本中不是调用活动`, `${after.id} is not a call activity in the new version`)));
  const incidents = moveEntries('incident', state.incidents);
  const stateTasks = moveEntries('task', state.tasks, (task, after) => (after.kind === 'userTask' ? undefined
    : issue('TB_MIGRATION_KIND_MISMATCH', task.elementId, `${after.id} 在新版本中不是人工环节`, `${after.id} is not a user task in the new version`)));

  // Open tasks: their forms must still ask for what the old forms required.
  const taskRows: MigrationPlan['tasks'] = [];
  for (const task of input.tasks) {
    const to = target(task.elementId);
    const after = elementIn(toProcess, to);
    if (!after || after.kind !== 'userTask') continue;
    const newFormId = after.userTask?.form?.formId ?? after.userTask?.form?.formKey ?? null;
    const required = task.formId ? requiredFieldKeys(input.fromForms[task.formId]) : [];
    const offered = new Set(newFormId && input.toForms[newFormId] !== undefined ? allKeys(input.toForms[newFormId]) : []);
    const lost = required.filter((key) => !offered.has(key));
    if (lost.length > 0) {
      problems.push(issue('TB_MIGRATION_FORM_DATA_LOST', task.elementId,
        `待办任务的新表单 ${newFormId ?? '（无）'} 不再收集原表单必填的：${lost.join('、')}`,
        `the task's new form ${newFormId ?? '(none)'} no longer asks for what the old form required: ${lost.join(', ')}`));
    }
    const groups = after.userTask?.candidateGroups;
    taskRows.push({
      id: task.id, elementId: to, formId: newFormId, name: after.name ?? null, headers: after.headers ?? {},
      ...(groups && !groups.startsWith('=') ? { candidateGroups: groups.split(',').map((group) => group.trim()).filter(Boolean) } : {}),
    });
  }
  for (const field of input.missingApplicationFields ?? []) {
    warnings.push(issue('TB_MIGRATION_APPLICATION_FIELD_MISSING', field,
      `新版本申请表的必填字段 ${field} 在该办件中没有数据`, `the new application form requires ${field}, which this application has no data for`));
  }
  if (problems.length > 0) return { ok: false, moves, problems, warnings, tasks: taskRows };
  return {
    ok: true,
    state: { ...state, processId: toProcess.id, elements, jobs, timers, subscriptions, calls, incidents, tasks: stateTasks },
    moves,
    problems,
    warnings,
    tasks: taskRows,
  };
}

function allKeys(form: unknown): string[] {
  const keys: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      if (typeof record.key === 'string') keys.push(record.key);
      if (Array.isArray(record.components)) walk(record.components);
    }
  };
  walk(form);
  return keys;
}
