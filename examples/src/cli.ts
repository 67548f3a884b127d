/**
 * `pnpm --filter @tongban/examples generate -- [options]`: writes the example dataset as files.
 *
 *   --out DIR                 output folder (default ./generated)
 *   --seed N                  seed (default the catalogue default)
 *   --format jsonl|csv        record file format (default jsonl)
 *   --catalogue               write catalogue.json (regions, departments, categories, licence types, items, users)
 *   --licences [N]            write licences.<format> (N default 8,000,000)
 *   --archive-cases [N]       write archive-cases.<format> (N default 4,500,000)
 *   --items N, --sub-categories N, --city-departments N, --districts N, --licence-types N   catalogue counts
 *   --quiet                   no progress
 *
 * With none of --catalogue / --licences / --archive-cases it writes the catalogue only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateCatalogue, type CatalogueOptions } from './catalogue';
import { ARCHIVE_CASE_CSV_HEADER, LICENCE_CSV_HEADER, archiveCaseToCsv, archiveCaseToJson, licenceToCsv, licenceToJson, type RecordFormat } from './formats';
import { RECORD_DEFAULTS, archiveCases, licenceRecords } from './records';
import { writeLines, type WriteProgress } from './write';

/** Parsed command line. */
export interface CliArguments {
  out: string;
  format: RecordFormat;
  seed?: number;
  catalogue: boolean;
  licences?: number;
  archiveCases?: number;
  catalogueOptions: CatalogueOptions;
  quiet: boolean;
}

const COUNT_FLAGS: Record<string, keyof CatalogueOptions> = {
  '--items': 'items', '--sub-categories': 'subCategories', '--city-departments': 'cityDepartments', '--districts': 'districts', '--licence-types': 'licenceTypes',
};

/** Parses the arguments (a leading `--` from `pnpm … generate -- …` is ignored). Throws on a bad argument. */
export function parseArguments(argv: readonly string[]): CliArguments {
  const args: CliArguments = { out: 'generated', format: 'jsonl', catalogue: false, catalogueOptions: {}, quiet: false };
  const number = (flag: string, text: string | undefined): number => {
    const value = Number(text?.replaceAll('_', '').replaceAll(',', ''));
    if (text === undefined || !Number.isSafeInteger(value) || value < 0) throw new Error(`${flag} expects a non-negative integer, got ${text}`);
    return value;
  };
  const optionalNumber = (i: number) => (argv[i + 1] !== undefined && /^[0-9][0-9_,]*$/.test(argv[i + 1]!) ? argv[i + 1] : undefined);
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--') continue;
    if (flag === '--out') args.out = argv[++i] ?? '';
    else if (flag === '--format') {
      const format = argv[++i];
      if (format !== 'jsonl' && format !== 'csv') throw new Error(`--format expects jsonl or csv, got ${format}`);
      args.format = format;
    } else if (flag === '--seed') args.seed = number(flag, argv[++i]);
    else if (flag === '--catalogue') args.catalogue = true;
    else if (flag === '--quiet') args.quiet = true;
    else if (flag === '--licences') {
      const text = optionalNumber(i);
      args.licences = text === undefined ? RECORD_DEFAULTS.licences : number(flag, argv[++i]);
    } else if (flag === '--archive-cases') {
      const text = optionalNumber(i);
      args.archiveCases = text === undefined ? RECORD_DEFAULTS.archiveCases : number(flag, argv[++i]);
    } else if (COUNT_FLAGS[flag]) (args.catalogueOptions as Record<string, number>)[COUNT_FLAGS[flag]] = number(flag, argv[++i]);
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!args.out) throw new Error('--out expects a folder');
  if (args.seed !== undefined) args.catalogueOptions.seed = args.seed;
  if (args.licences === undefined && args.archiveCases === undefined) args.catalogue = true;
  return args;
}

function progressPrinter(label: string, quiet: boolean): (progress: WriteProgress) => void {
  return ({ written, total, elapsedMs, bytes }) => {
    if (quiet) return;
    const rate = written / Math.max(elapsedMs / 1000, 1e-3);
    const share = total ? ` / ${total.toLocaleString('en')} (${((100 * written) / total).toFixed(1)}%)` : '';
    const eta = total && written < total ? `, ETA ${Math.ceil((total - written) / rate)} s` : '';
    const line = `${label}: ${written.toLocaleString('en')}${share}, ${Math.round(rate).toLocaleString('en')} records/s, ${(bytes / 1048576).toFixed(0)} MiB${eta}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\u001b[K${total !== undefined && written >= total ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}

/** Runs the generator as the command line asks; resolves with the files written. */
export async function run(args: CliArguments): Promise<string[]> {
  const out = resolve(args.out);
  mkdirSync(out, { recursive: true });
  const catalogue = generateCatalogue(args.catalogueOptions);
  const files: string[] = [];
  if (args.catalogue) {
    const { resources: _resources, ...documents } = catalogue;
    const path = join(out, 'catalogue.json');
    writeFileSync(path, `${JSON.stringify(documents, null, 1)}\n`);
    files.push(path);
  }
  const csv = args.format === 'csv';
  if (args.licences !== undefined) {
    const path = join(out, `licences.${args.format}`);
    await writeLines(path, licenceRecords({ catalogue, count: args.licences }), csv ? licenceToCsv : licenceToJson, {
      header: csv ? LICENCE_CSV_HEADER : undefined, total: args.licences, onProgress: progressPrinter('licences', args.quiet),
    });
    files.push(path);
  }
  if (args.archiveCases !== undefined) {
    const path = join(out, `archive-cases.${args.format}`);
    await writeLines(path, archiveCases({ catalogue, count: args.archiveCases }), csv ? archiveCaseToCsv : archiveCaseToJson, {
      header: csv ? ARCHIVE_CASE_CSV_HEADER : undefined, total: args.archiveCases, onProgress: progressPrinter('archive cases', args.quiet),
    });
    files.push(path);
  }
  return files;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*[\\/]/, '/'))) {
  try {
    const files = await run(parseArguments(process.argv.slice(2)));
    for (const file of files) console.log(file);
  } catch (error) {
    console.error(`generate: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
