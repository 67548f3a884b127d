declare module 'bpmnlint/rules/*' {
  const factory: import('../lint/types').LintRuleFactory;
  export default factory;
}

declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config: unknown; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, { id: string; message: string; category: string }[]>>;
  }
}
