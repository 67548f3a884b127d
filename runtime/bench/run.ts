/**
 * `pnpm bench [suite …]`: runs the benchmark suites (all by default), prints one table and writes the rows as
 * JSON to bench-results/<suite names>-<time>.json and bench-results/latest.json. Timing lives here, never in tests.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createContext, type BenchRow, type BenchSuite } from './harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

async function loadSuites(): Promise<BenchSuite[]> {
  const files = readdirSync(path.join(here, 'suites')).filter((file) => file.endsWith('.ts')).sort();
  const suites: BenchSuite[] = [];
  for (const file of files) suites.push((await import(pathToFileURL(path.join(here, 'suites', file)).href)).default as BenchSuite);
  return suites;
}

const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3));

function printTable(rows: BenchRow[]): void {
  const header = ['suite', 'metric', 'value', 'unit', 'reference', 'ratio', 'target', 'met'];
  const lines = rows.map((row) => [
    row.suite,
    row.metric,
    format(row.value),
    row.unit,
    row.reference ? `${row.reference.metric} ${format(row.reference.value)} ${row.reference.unit}` : '',
    row.ratio === undefined ? '' : format(row.ratio),
    row.target ?? '',
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => [...line[i]!].length)));
  const render = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  console.log(render(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const line of lines) console.log(render(line));
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const suites = (await loadSuites()).filter((suite) => wanted.length === 0 || wanted.includes(suite.name));
  if (suites.length === 0) throw new Error(`no benchmark named ${wanted.join(', ')}`);
  const { context, cleanup } = createContext();
  const startedAt = performance.now();
  const rows: BenchRow[] = [];
  try {
    for (const suite of suites) {
      console.error(`running ${suite.name}: ${suite.description} (scale ${context.scale})`);
      rows.push(...(await suite.run(context)));
    }
  } finally {
    await cleanup();
  }
  printTable(rows);
  const outDir = path.join(repoRoot, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const seconds = Math.round((performance.now() - startedAt) / 1000);
  const result = { at: new Date().toISOString(), scale: context.scale, node: process.version, seconds, rows };
  const name = `${suites.map((suite) => suite.name).join('-')}-${result.at.replace(/[:.]/g, '-')}.json`;
  writeFileSync(path.join(outDir, name), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.error(`wrote bench-results/${name} (${suites.length} suites in ${seconds} s)`);
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
