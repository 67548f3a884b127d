/**
 * A command stack in the form-js / diagram-js pattern: every edit is a named command executed by a registered
 * handler that can revert it, so any edit can be undone and redone. Cross-cutting rules are interceptors that run
 * before a command executes and may adjust its context (e.g. clear a material's condition when it stops being
 * conditional), keeping the undo record complete.
 */

/** Executes one kind of command against the edited state, and reverts it. */
export interface CommandHandler<C> {
  /** Applies the command; may record in `context` whatever `revert` needs (old values). */
  execute(context: C): void;
  /** Restores exactly the state before `execute`. */
  revert(context: C): void;
  /**
   * Combines a command with the previous one of the same coalescing key (typing in one field makes one undo
   * step). Receives the previous context (already reverted) and the new one; returns the context to execute.
   */
  merge?(previous: C, next: C): C;
}

/** Options of {@link CommandStack.execute}. */
export interface ExecuteOptions {
  /**
   * Consecutive executions with the same key and a handler that can `merge` become one undo step, as long as
   * nothing was undone in between.
   */
  coalesce?: string;
}

/** Runs before a command executes; may change its context. */
export type CommandInterceptor = (command: string, context: Record<string, unknown>) => void;

/** One executed command. */
export interface CommandRecord {
  command: string;
  context: Record<string, unknown>;
  /** Commands executed together (one user gesture) share an id and undo together. */
  groupId: number;
  coalesce?: string;
}

/** Change notification: fired after execute, undo, redo and clear. */
export type CommandStackListener = (event: { kind: 'execute' | 'undo' | 'redo' | 'clear'; records: CommandRecord[] }) => void;

/** The command stack of one editor. */
export class CommandStack {
  private readonly handlers = new Map<string, CommandHandler<never>>();
  private readonly interceptors: CommandInterceptor[] = [];
  private readonly listeners = new Set<CommandStackListener>();
  private readonly stack: CommandRecord[] = [];
  /** Index of the last executed record; records above it are redoable. */
  private index = -1;
  private nextGroup = 1;
  private openGroup: number | null = null;
  private executing = false;

  /** Registers the handler of a command name (once per name). */
  register<C>(command: string, handler: CommandHandler<C>): void {
    if (this.handlers.has(command)) throw new Error(`command <${command}> is already registered`);
    this.handlers.set(command, handler as CommandHandler<never>);
  }

  /** Adds an interceptor that runs before every command executes. */
  intercept(interceptor: CommandInterceptor): void {
    this.interceptors.push(interceptor);
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: CommandStackListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Executes a command and records it; anything that was redoable is discarded. Commands executed from an
   * interceptor join the current gesture and undo with it. Handlers must not execute commands themselves (redo
   * replays every record, so a nested command would apply twice).
   */
  execute<C extends object>(command: string, context: C, options: ExecuteOptions = {}): void {
    const handler = this.handlers.get(command) as CommandHandler<C> | undefined;
    if (!handler) throw new Error(`no handler for command <${command}>`);
    const top = this.stack[this.index];
    if (options.coalesce && handler.merge && top && this.openGroup === null && this.index === this.stack.length - 1
      && top.command === command && top.coalesce === options.coalesce
      && this.stack.filter((record) => record.groupId === top.groupId).length === 1) {
      handler.revert(top.context as C);
      const merged = handler.merge(top.context as C, context) as Record<string, unknown>;
      for (const interceptor of this.interceptors) interceptor(command, merged);
      handler.execute(merged as C);
      top.context = merged;
      this.emit('execute', [top]);
      return;
    }
    const outermost = this.openGroup === null;
    if (outermost) {
      this.stack.splice(this.index + 1);
      this.openGroup = this.nextGroup++;
    }
    const record: CommandRecord = { command, context: context as Record<string, unknown>, groupId: this.openGroup!, coalesce: options.coalesce };
    try {
      for (const interceptor of this.interceptors) interceptor(command, record.context);
      const wasExecuting = this.executing;
      this.executing = true;
      try {
        handler.execute(context);
      } finally {
        this.executing = wasExecuting;
      }
      this.stack.push(record);
      this.index = this.stack.length - 1;
    } finally {
      if (outermost) {
        const group = this.openGroup!;
        this.openGroup = null;
        this.emit('execute', this.stack.filter((entry) => entry.groupId === group));
      }
    }
  }

  /** Whether there is something to undo. */
  canUndo(): boolean {
    return this.index >= 0;
  }

  /** Whether there is something to redo. */
  canRedo(): boolean {
    return this.index < this.stack.length - 1;
  }

  /** Reverts the last gesture (all its commands, newest first). Does nothing when there is nothing to undo. */
  undo(): void {
    if (!this.canUndo() || this.openGroup !== null) return;
    const group = this.stack[this.index]!.groupId;
    const reverted: CommandRecord[] = [];
    while (this.index >= 0 && this.stack[this.index]!.groupId === group) {
      const record = this.stack[this.index]!;
      (this.handlers.get(record.command) as CommandHandler<Record<string, unknown>>).revert(record.context);
      reverted.push(record);
      this.index -= 1;
    }
    this.emit('undo', reverted);
  }

  /** Re-executes the next undone gesture. Interceptors do not run again: the context already holds their result. */
  redo(): void {
    if (!this.canRedo() || this.openGroup !== null) return;
    const group = this.stack[this.index + 1]!.groupId;
    const redone: CommandRecord[] = [];
    while (this.index + 1 < this.stack.length && this.stack[this.index + 1]!.groupId === group) {
      const record = this.stack[this.index + 1]!;
      (this.handlers.get(record.command) as CommandHandler<Record<string, unknown>>).execute(record.context);
      redone.push(record);
      this.index += 1;
    }
    this.emit('redo', redone);
  }

  /** Forgets the history (after loading another document). */
  clear(): void {
    this.stack.length = 0;
    this.index = -1;
    this.emit('clear', []);
  }

  /** Number of undoable gestures. */
  get undoDepth(): number {
    return new Set(this.stack.slice(0, this.index + 1).map((record) => record.groupId)).size;
  }

  private emit(kind: 'execute' | 'undo' | 'redo' | 'clear', records: CommandRecord[]): void {
    for (const listener of this.listeners) listener({ kind, records });
  }
}
