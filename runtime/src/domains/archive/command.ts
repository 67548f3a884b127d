import type { Database } from '../../db/database';
import { importUsage, runImportCommand, type ImportArguments } from '../../imports/command';
import type { ImportReport } from '../../imports/dataset';
import { ArchiveImporter } from './import';

/** Usage of `tongban import-archive`. */
export const ARCHIVE_IMPORT_USAGE = importUsage(
  'import-archive',
  '  Imports archived case records (历史办件, the examples generator\'s --archive-cases format) into archive_case, validated\n'
  + '  against the archive-case contract and deduplicated by case number; they then answer the progress lookup and count\n'
  + '  in supervision and ranking for the periods they closed in (docs/operations.md, "Archive migration").',
);

/** Runs `tongban import-archive` on an open, migrated database; prints the report as JSON on stdout. */
export function runArchiveImportCommand(database: Database, args: ImportArguments): Promise<ImportReport> {
  const importer = new ArchiveImporter(database);
  return runImportCommand(database, args, 'cli:import-archive', (input, options) => importer.run(input, options));
}
