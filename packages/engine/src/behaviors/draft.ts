import type {
  ElementInstance,
  InstanceState,
  OpenCall,
  OpenIncident,
  OpenJob,
  OpenSubscription,
  OpenTask,
  OpenTimer,
} from '../types/state.js';

/** The record maps of an {@link InstanceState} a step may change. */
export interface RecordMaps {
  elements: ElementInstance;
  tasks: OpenTask;
  jobs: OpenJob;
  timers: OpenTimer;
  subscriptions: OpenSubscription;
  calls: OpenCall;
  incidents: OpenIncident;
}

/** Names of the record maps of {@link RecordMaps}. */
export type RecordMapName = keyof RecordMaps;

/**
 * A copy-on-write working copy of an instance state. The input state is never mutated: a map is shallow-copied
 * the first time a step writes to it, and records are replaced, never edited. A step therefore costs the size of
 * the maps it touches, not the size of the whole state.
 */
export class Draft {
  readonly state: InstanceState;
  private readonly ownedMaps = new Set<string>();
  private readonly ownedScopes = new Set<string>();

  constructor(base: InstanceState) {
    this.state = { ...base, counters: { ...base.counters } };
  }

  private own(name: RecordMapName | 'variables'): void {
    if (this.ownedMaps.has(name)) return;
    (this.state as unknown as Record<string, unknown>)[name] = { ...this.state[name] };
    this.ownedMaps.add(name);
  }

  get<N extends RecordMapName>(name: N, id: string): RecordMaps[N] | undefined {
    return (this.state[name] as Record<string, RecordMaps[N]>)[id];
  }

  put<N extends RecordMapName>(name: N, id: string, record: RecordMaps[N]): void {
    this.own(name);
    (this.state[name] as Record<string, RecordMaps[N]>)[id] = record;
  }

  remove(name: RecordMapName, id: string): void {
    this.own(name);
    delete (this.state[name] as Record<string, unknown>)[id];
  }

  /** Replaces an element instance with a patched copy. */
  patchElement(key: string, patch: Partial<ElementInstance>): ElementInstance {
    const current = this.get('elements', key);
    if (!current) throw new Error(`invariant: element instance ${key} does not exist`);
    const next = { ...current, ...patch };
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) delete (next as Record<string, unknown>)[field];
    }
    this.put('elements', key, next);
    return next;
  }

  /** The variables held by one scope (undefined when it holds none). */
  local(scopeKey: string): Readonly<Record<string, unknown>> | undefined {
    return this.state.variables[scopeKey];
  }

  setLocal(scopeKey: string, name: string, value: unknown): void {
    this.own('variables');
    if (!this.ownedScopes.has(scopeKey)) {
      this.state.variables[scopeKey] = { ...this.state.variables[scopeKey] };
      this.ownedScopes.add(scopeKey);
    }
    this.state.variables[scopeKey]![name] = value;
  }

  dropScope(scopeKey: string): void {
    if (this.state.variables[scopeKey] === undefined) return;
    this.own('variables');
    delete this.state.variables[scopeKey];
    this.ownedScopes.delete(scopeKey);
  }

  /** Sets top-level fields (status, endedAt…). */
  set<K extends 'status' | 'endedAt' | 'nextKey'>(field: K, value: InstanceState[K]): void {
    this.state[field] = value;
  }
}
