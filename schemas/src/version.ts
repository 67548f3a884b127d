/**
 * The integer `schemaVersion` every Tongban document carries. Bumping it requires an upgrade function in
 * `upgrade/`, a frozen fixture and a CHANGELOG line in the same commit (STYLE.md).
 */
export const SCHEMA_VERSION = 1 as const;

/** Base of every schema `$id`: a URL we own, with the major version in the path. */
export const SCHEMA_BASE = 'https://schemas.tongban.dev/v1/' as const;

/** The JSON Schema dialect of every contract. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema' as const;
