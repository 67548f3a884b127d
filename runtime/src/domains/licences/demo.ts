import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { licenceRecords, licenceToJson, writeLines } from '@tongban/examples';
import type { Database } from '../../db/database';
import { fileInput, LicenceImporter, type ImportReport } from './import';
import type { LicenceService } from './service';

/**
 * Imports the first `count` licence records of the example generator — the demo holders' licences come first
 * (demo-wang's resident ID card, demo-yunfan's business licence …) — through the ordinary import path. For demo
 * databases and tests; idempotent (a second run finds the batch imported).
 */
export async function importDemoLicences(database: Database, service: LicenceService, options: { count?: number; clock?: () => Date } = {}): Promise<ImportReport> {
  const folder = mkdtempSync(path.join(tmpdir(), 'tongban-demo-licences-'));
  try {
    const file = path.join(folder, 'licences.jsonl');
    await writeLines(file, licenceRecords({ count: options.count ?? 40 }), licenceToJson);
    const importer = new LicenceImporter(database, service, options.clock);
    return await importer.run(await fileInput(file, 'jsonl'), { format: 'jsonl', actor: 'seed:demo-licences' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
