/**
 * Turning validation failures into the platform's error shape: `{ path, code, message: { zh, en } }` where
 * `path` is a JSON Pointer into the validated document (never Ajv's schemaPath).
 */
import type { ErrorObject } from 'ajv';

/** A bilingual message. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** One failing field of a document. */
export interface FieldIssue {
  /** JSON Pointer into the document, `''` for the document itself. */
  path: string;
  /** Stable machine code, `TB_<AREA>_<REASON>`. */
  code: string;
  message: LocalizedText;
  /** Parameters of the failed rule (limit, allowed values, …). */
  params?: Record<string, unknown>;
}

/** Result of validating a document against a contract. */
export type ValidationResult<T> = { ok: true; value: T; issues: [] } | { ok: false; issues: FieldIssue[] };

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function describe(error: ErrorObject): Omit<FieldIssue, 'path'> {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        code: 'TB_SCHEMA_REQUIRED',
        message: { zh: '必填项缺失', en: 'is required' },
      };
    case 'additionalProperties':
      return {
        code: 'TB_SCHEMA_UNKNOWN_FIELD',
        message: { zh: '不允许的字段', en: 'is not an allowed field' },
      };
    case 'type':
      return {
        code: 'TB_SCHEMA_TYPE',
        message: { zh: `类型应为 ${String(p.type)}`, en: `must be of type ${String(p.type)}` },
        params: { type: p.type },
      };
    case 'const':
    case 'enum': {
      const allowed = (p.allowedValues ?? [p.allowedValue]) as unknown[];
      return {
        code: 'TB_SCHEMA_ENUM',
        message: {
          zh: `取值应为以下之一：${allowed.map(String).join('、')}`,
          en: `must be one of: ${allowed.map(String).join(', ')}`,
        },
        params: { allowedValues: allowed },
      };
    }
    case 'pattern':
      return {
        code: 'TB_SCHEMA_PATTERN',
        message: { zh: '格式不正确', en: 'has an invalid format' },
        params: { pattern: p.pattern },
      };
    case 'format':
      return {
        code: 'TB_SCHEMA_FORMAT',
        message: { zh: `应为 ${String(p.format)} 格式`, en: `must be a valid ${String(p.format)}` },
        params: { format: p.format },
      };
    case 'minLength':
      return {
        code: 'TB_SCHEMA_MIN_LENGTH',
        message: { zh: `长度不能少于 ${String(p.limit)} 个字符`, en: `must have at least ${String(p.limit)} characters` },
        params: { limit: p.limit },
      };
    case 'maxLength':
      return {
        code: 'TB_SCHEMA_MAX_LENGTH',
        message: { zh: `长度不能超过 ${String(p.limit)} 个字符`, en: `must have at most ${String(p.limit)} characters` },
        params: { limit: p.limit },
      };
    case 'minimum':
    case 'exclusiveMinimum':
      return {
        code: 'TB_SCHEMA_MINIMUM',
        message: { zh: `不能小于${error.keyword === 'exclusiveMinimum' ? '或等于' : ''} ${String(p.limit)}`, en: `must be ${String(p.comparison)} ${String(p.limit)}` },
        params: { limit: p.limit, comparison: p.comparison },
      };
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        code: 'TB_SCHEMA_MAXIMUM',
        message: { zh: `不能大于${error.keyword === 'exclusiveMaximum' ? '或等于' : ''} ${String(p.limit)}`, en: `must be ${String(p.comparison)} ${String(p.limit)}` },
        params: { limit: p.limit, comparison: p.comparison },
      };
    case 'minItems':
      return {
        code: 'TB_SCHEMA_MIN_ITEMS',
        message: { zh: `至少需要 ${String(p.limit)} 项`, en: `must have at least ${String(p.limit)} items` },
        params: { limit: p.limit },
      };
    case 'maxItems':
    case 'maxProperties':
      return {
        code: 'TB_SCHEMA_TOO_MANY',
        message: { zh: `不能超过 ${String(p.limit)} 项`, en: `must have at most ${String(p.limit)} entries` },
        params: { limit: p.limit },
      };
    case 'minProperties':
      return {
        code: 'TB_SCHEMA_MIN_ITEMS',
        message: { zh: `至少需要 ${String(p.limit)} 项`, en: `must have at least ${String(p.limit)} entries` },
        params: { limit: p.limit },
      };
    case 'uniqueItems':
      return {
        code: 'TB_SCHEMA_DUPLICATE',
        message: { zh: `第 ${String(p.j)} 项与第 ${String(p.i)} 项重复`, en: `items ${String(p.j)} and ${String(p.i)} are duplicates` },
        params: { i: p.i, j: p.j },
      };
    case 'not':
      return {
        code: 'TB_SCHEMA_NOT_ALLOWED',
        message: { zh: '此处不允许该字段', en: 'is not allowed here' },
      };
    case 'discriminator':
      return {
        code: 'TB_SCHEMA_ENUM',
        message: { zh: `${String(p.tag)} 的取值不正确`, en: `has an invalid ${String(p.tag)}` },
        params: { tag: p.tag },
      };
    default:
      return {
        code: 'TB_SCHEMA_INVALID',
        message: { zh: '取值不符合要求', en: error.message ?? 'is invalid' },
      };
  }
}

/**
 * Maps Ajv errors to field issues with JSON-Pointer paths. A missing property is reported at its own path; an
 * unknown property likewise. Errors of schema combinators (`if`, `oneOf` without a discriminator) that only
 * repeat the errors of their branches are dropped.
 */
export function toFieldIssues(errors: readonly ErrorObject[] | null | undefined): FieldIssue[] {
  if (!errors) return [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'allOf' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const p = error.params as Record<string, unknown>;
    let path = error.instancePath;
    if (error.keyword === 'required') path += `/${escapePointer(String(p.missingProperty))}`;
    if (error.keyword === 'additionalProperties') path += `/${escapePointer(String(p.additionalProperty))}`;
    if (error.keyword === 'discriminator') path += `/${escapePointer(String(p.tag))}`;
    if (error.keyword === 'not' && error.schemaPath.endsWith('/else/not')) {
      // `else: { not: { required: [x] } }`: the field is present where it is not allowed.
      const required = (error.schema as { required?: string[] } | undefined)?.required;
      if (required?.[0]) path += `/${escapePointer(required[0])}`;
    }
    const issue = { path, ...describe(error) };
    const key = `${issue.path}\u0000${issue.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}
