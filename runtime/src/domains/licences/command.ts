import type { Database } from '../../db/database';
import { fileInput, LicenceImporter, type ImportReport } from './import';
import { KeyRing, keyRingOptionsFromEnv } from './keys';
import { progressBar } from './progress';
import { LicenceService } from './service';

/** Usage of `tongban import-licences`. */
export const IMPORT_USAGE = `tongban import-licences <file> [--format jsonl|csv] [--rejects <file>] [--batch-size N] [--quiet]

  Imports licence records (the examples generator's format) into the licence library: validated row by row,
  rejected rows written with their reasons to --rejects (default <file>.rejects.jsonl), duplicates skipped.
  Killed, it resumes where the last committed batch ended when run again on the same file.`;

/** Parsed arguments of `import-licences`. */
export interface ImportArguments {
  file: string;
  format: 'jsonl' | 'csv';
  rejects: string;
  batchSize?: number;
  quiet: boolean;
}

/** Parses the arguments of `import-licences`; throws with a message on a bad one. */
export function parseImportArguments(argv: readonly string[]): ImportArguments {
  let file: string | undefined;
  let format: 'jsonl' | 'csv' | undefined;
  let rejects: string | undefined;
  let batchSize: number | undefined;
  let quiet = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--format') {
      const value = argv[++i];
      if (value !== 'jsonl' && value !== 'csv') throw new Error(`--format expects jsonl or csv, got ${value}`);
      format = value;
    } else if (arg === '--rejects') rejects = argv[++i];
    else if (arg === '--batch-size') {
      batchSize = Number(argv[++i]);
      if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error('--batch-size expects a positive integer');
    } else if (arg === '--quiet') quiet = true;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (!file) throw new Error('a file to import is required');
  return { file, format: format ?? (file.endsWith('.csv') ? 'csv' : 'jsonl'), rejects: rejects ?? `${file}.rejects.jsonl`, ...(batchSize ? { batchSize } : {}), quiet };
}

/** Runs `tongban import-licences` on an open, migrated database; prints the report as JSON on stdout. */
export async function runImportCommand(database: Database, args: ImportArguments): Promise<ImportReport> {
  const service = new LicenceService(database.knex, new KeyRing(database.knex, keyRingOptionsFromEnv()));
  const importer = new LicenceImporter(database, service);
  if (database.kind === 'embedded') {
    process.stderr.write('note: the embedded database has no COPY FROM STDIN; importing with batched INSERTs (slower)\n');
  }
  const bar = progressBar();
  const report = await importer.run(await fileInput(args.file, args.format), {
    format: args.format,
    actor: 'cli:import-licences',
    rejectsPath: args.rejects,
    ...(args.batchSize ? { batchSize: args.batchSize } : {}),
    ...(args.quiet ? {} : { onProgress: (progress) => bar.update(progress) }),
  });
  if (!args.quiet) bar.done(report);
  const { firstRejects: _firstRejects, ...summary } = report;
  console.log(JSON.stringify({ ...summary, rejectsFile: args.rejects }));
  return report;
}
