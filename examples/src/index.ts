/**
 * `@tongban/examples`: the example catalogue of the fictional city 江屿市 — hand-written real items and a
 * deterministic, seeded generator of the reference-scale dataset (see examples/README.md).
 */
export { loadHandwrittenItems, ITEMS_DIR } from './handwritten';
export type { HandwrittenItem } from './handwritten';
export {
  CATALOGUE_DEFAULTS, GENERATED_MAIN_NUMBER_FROM, ITEM_TYPE_CODES, LICENCE_TYPE_CODES, departmentCode, departmentCreditCode,
  generateCatalogue, licenceTypeOf,
} from './catalogue';
export type { Catalogue, CatalogueOptions, CatalogueUser, ItemResources, ResolvedCatalogueOptions } from './catalogue';
export { APPLICATION_FORM_TEMPLATES, PROCEDURE_TEMPLATES, loadTemplates } from './templates';
export type { ProcedureTemplate, TemplateFiles } from './templates';
export { DEMO_HOLDERS, HolderPool } from './holders';
export type { DemoHolder, Holder } from './holders';
export { Random, cumulative, hashString } from './prng';
export { CITY } from './data/city';
export { checkLicenceIdentifier, licenceIdentifierCheck, licenceIdentifierMaker, makeLicenceIdentifier, parseLicenceIdentifier } from './licence-identifier';
export type { LicenceIdentifierParts } from './licence-identifier';
export { RECORD_DEFAULTS, archiveCases, licenceRecords } from './records';
export type { ArchiveCaseOptions, LicenceRecordOptions, RecordOptions } from './records';
export {
  ARCHIVE_CASE_CSV_HEADER, LICENCE_CSV_HEADER, archiveCaseToCsv, archiveCaseToJson, licenceToCsv, licenceToJson,
} from './formats';
export type { RecordFormat } from './formats';
export { writeLines } from './write';
export type { WriteLinesOptions, WriteProgress } from './write';
