import type { Database } from '../db/database';
import type { ImportInput, ImportOptions, ImportReport } from './dataset';
import { fileInput } from './input';
import { progressBar } from './progress';

/** Parsed arguments of an import command (`import-licences`, `import-archive`). */
export interface ImportArguments {
  file: string;
  format: 'jsonl' | 'csv';
  rejects: string;
  batchSize?: number;
  quiet: boolean;
}

/** The usage text of an import command. */
export function importUsage(command: string, description: string): string {
  return `tongban ${command} <file> [--format jsonl|csv] [--rejects <file>] [--batch-size N] [--quiet]

${description}
  Rejected rows are written with their reasons to --rejects (default <file>.rejects.jsonl), duplicates skipped.
  Killed, it resumes where the last committed batch ended when run again on the same file. The format defaults
  to csv for a .csv file, jsonl otherwise. Prints a progress line (rate, ETA) on stderr and the report as JSON on stdout.`;
}

/** Parses the arguments of an import command; throws with a message on a bad one. */
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
    } else if (arg === '--rejects') {
      rejects = argv[++i];
      if (!rejects) throw new Error('--rejects expects a file');
    } else if (arg === '--batch-size') {
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

/**
 * Runs an import command on an open, migrated database with a progress bar on stderr; prints the report (without
 * the first rejects, which are in the rejects file) and the process's peak RSS as one JSON line on stdout.
 */
export async function runImportCommand(
  database: Database,
  args: ImportArguments,
  actor: string,
  run: (input: ImportInput, options: ImportOptions) => Promise<ImportReport>,
): Promise<ImportReport> {
  if (database.kind === 'embedded') {
    process.stderr.write('note: the embedded database has no COPY FROM STDIN; importing with batched INSERTs (slower)\n');
  }
  const bar = progressBar();
  const report = await run(await fileInput(args.file, args.format), {
    format: args.format,
    actor,
    rejectsPath: args.rejects,
    ...(args.batchSize ? { batchSize: args.batchSize } : {}),
    ...(args.quiet ? {} : { onProgress: (progress) => bar.update(progress) }),
  });
  if (!args.quiet) bar.done(report);
  const { firstRejects: _firstRejects, ...summary } = report;
  console.log(JSON.stringify({ ...summary, rejectsFile: args.rejects, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
  return report;
}
