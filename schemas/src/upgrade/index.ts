import { SCHEMA_VERSION } from '../version';

/** An upgrade of a document from schemaVersion N to N + 1. */
export type DocumentUpgrade = (document: Record<string, unknown>) => Record<string, unknown>;

/**
 * `vN → vN+1` upgrades, indexed by N. Empty while every document is at version 1; a bump of SCHEMA_VERSION
 * adds its function here with a frozen fixture of the old version in the tests.
 */
export const upgrades: Record<number, DocumentUpgrade> = {};

/** Brings a document of any past schemaVersion (absent means 1) to the current one. */
export function upgradeDocument(document: Record<string, unknown>): Record<string, unknown> {
  let version = typeof document.schemaVersion === 'number' ? document.schemaVersion : 1;
  let current = document;
  if (version > SCHEMA_VERSION) {
    throw new RangeError(`schemaVersion ${version} is newer than this build supports (${SCHEMA_VERSION})`);
  }
  while (version < SCHEMA_VERSION) {
    const upgrade = upgrades[version];
    if (!upgrade) throw new RangeError(`no upgrade from schemaVersion ${version}`);
    current = upgrade(current);
    version += 1;
  }
  return current.schemaVersion === undefined ? current : { ...current, schemaVersion: SCHEMA_VERSION };
}
