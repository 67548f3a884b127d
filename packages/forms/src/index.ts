/**
 * @tongban/forms: pure validation of form data against a form-js schema (with the viewer's rules) and of
 * materials against an item's checklist. Runs unchanged on the server and in the browser designer.
 */
export { validateSubmission } from './submission';
export type { FieldError, SubmissionResult, ValidateSubmissionOptions } from './submission';
export { listFormFields, formVariables } from './fields';
export type { FieldValidationInfo, FormFieldInfo, FormVariables } from './fields';
export { checkFormDefinition, MAX_SCHEMA_VERSION } from './definition';
export type { CheckFormDefinitionOptions, FormDefinitionProblem } from './definition';
export { evaluateChecklist, isMaterialRequired } from './material';
export type { ChecklistResult, EvaluateChecklistOptions, Material, MaterialError, SubmittedMaterial } from './material';
export { feelVariableNames, findFeelSyntaxError, isFeelExpression } from './feel';
export type { FeelClock, FeelExpression, FeelSyntaxError } from './feel';
export type { FormComponent, FormSchema, FormValidation } from './form-model';
export type { FieldOption, OptionsSource } from './options';
export {
  FORM_DEFINITION_ERROR_CODES,
  FORM_FIELD_ERROR_CODES,
  MATERIAL_ERROR_CODES,
  definitionErrorMessage,
  fieldErrorMessage,
  materialErrorMessage,
} from './codes';
export type { FormDefinitionErrorCode, FormFieldErrorCode, MaterialErrorCode } from './codes';
