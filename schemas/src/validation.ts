/**
 * The compiled validators of every contract: one Ajv (JSON Schema 2020-12) instance shared by the runtime and
 * the designer, so both apply exactly the same rules.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { archiveCaseSchema, type ArchiveCase } from './archive-case';
import { applicationSubmissionSchema, type ApplicationSubmission } from './application-submission';
import { categorySchema, type Category } from './category';
import { departmentSchema, type Department } from './department';
import { evaluationSchema, type Evaluation } from './evaluation';
import { toFieldIssues, type ValidationResult } from './errors';
import { itemSchema, type Item } from './item';
import { checkItemRules } from './item-rules';
import { licenceSchema, type Licence } from './licence';
import { licenceTypeSchema, type LicenceType } from './licence-type';
import { materialSchema, type Material } from './material';
import { regionSchema, type Region } from './region';

// ajv-formats is published as CommonJS with a default export.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule);

/** Every contract by name, with its schema document and the type of a valid document. */
export const contracts = {
  item: itemSchema,
  material: materialSchema,
  applicationSubmission: applicationSubmissionSchema,
  licenceType: licenceTypeSchema,
  licence: licenceSchema,
  evaluation: evaluationSchema,
  archiveCase: archiveCaseSchema,
  department: departmentSchema,
  region: regionSchema,
  category: categorySchema,
} as const;

/** Name of a contract. */
export type ContractName = keyof typeof contracts;

/** Document type of each contract. */
export interface ContractTypes {
  item: Item;
  material: Material & { schemaVersion: 1 };
  applicationSubmission: ApplicationSubmission;
  licenceType: LicenceType;
  licence: Licence;
  evaluation: Evaluation;
  archiveCase: ArchiveCase;
  department: Department;
  region: Region;
  category: Category;
}

/**
 * Creates the Ajv instance Tongban uses everywhere: 2020-12, all errors, strict schemas, formats, discriminator,
 * and never removing data (an unknown field is an error with its path, not silently dropped). Types are coerced
 * only when asked, for HTTP query strings and path parameters, which arrive as strings.
 */
export function createAjv(options: { coerceTypes?: boolean | 'array' } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    discriminator: true,
    verbose: true,
    removeAdditional: false,
    useDefaults: false,
    coerceTypes: options.coerceTypes ?? false,
  });
  addFormats(ajv);
  return ajv;
}

/** The shared Ajv instance with every contract added (fastify's validator compiler uses it too). */
export const ajv = createAjv();
for (const schema of Object.values(contracts)) ajv.addSchema(schema);

const compiled = new Map<ContractName, ValidateFunction>();

/** The compiled validator of a contract (compiled once, on first use). */
export function validatorOf(name: ContractName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.getSchema(contracts[name].$id) as ValidateFunction;
    compiled.set(name, validate);
  }
  return validate;
}

/** Cross-field rules per contract, run only after the schema passed. */
const rules: Partial<{ [K in ContractName]: (value: ContractTypes[K]) => ReturnType<typeof checkItemRules> }> = {
  item: checkItemRules,
};

/**
 * Validates a document against a contract: the JSON Schema first, then the contract's cross-field rules.
 * Never throws for bad input; every problem is an issue with its JSON-Pointer path.
 */
export function validate<K extends ContractName>(name: K, document: unknown): ValidationResult<ContractTypes[K]> {
  const validateFn = validatorOf(name);
  if (!validateFn(document)) return { ok: false, issues: toFieldIssues(validateFn.errors) };
  const rule = rules[name] as ((value: ContractTypes[K]) => ReturnType<typeof checkItemRules>) | undefined;
  const issues = rule ? rule(document as ContractTypes[K]) : [];
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: document as ContractTypes[K], issues: [] };
}
