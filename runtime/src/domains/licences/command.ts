import type { Database } from '../../db/database';
import { importUsage, runImportCommand, type ImportArguments } from '../../imports/command';
import type { ImportReport } from '../../imports/dataset';
import { LicenceImporter } from './import';
import { KeyRing, keyRingOptionsFromEnv } from './keys';
import { LicenceService } from './service';

/** Usage of `tongban import-licences`. */
export const IMPORT_USAGE = importUsage('import-licences', '  Imports licence records (the examples generator\'s format) into the licence library, validated row by row.');

/** Runs `tongban import-licences` on an open, migrated database; prints the report as JSON on stdout. */
export async function runLicenceImportCommand(database: Database, args: ImportArguments): Promise<ImportReport> {
  const service = new LicenceService(database.knex, new KeyRing(database.knex, keyRingOptionsFromEnv()));
  const importer = new LicenceImporter(database, service);
  return runImportCommand(database, args, 'cli:import-licences', (input, options) => importer.run(input, options));
}
