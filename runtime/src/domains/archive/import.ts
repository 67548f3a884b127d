import type { Database } from '../../db/database';
import type { ImportDataset, ImportInput, ImportOptions, ImportReport } from '../../imports/dataset';
import { StreamedImporter } from '../../imports/engine';
import { ARCHIVE_COLUMNS, ARCHIVE_CSV_COLUMNS, ArchiveCaseJudge, archiveCsvToDocument } from './records';

/**
 * The archived cases (历史办件) as a dataset of the streamed import engine. `archive_case` carries statement-level
 * triggers (migration 20261124_004) that fold each COPY or merge into the supervision rollups, so imported cases
 * count in monitoring and ranking for the periods they closed in, with no step of the importer's own.
 */
export const archiveDataset: ImportDataset = {
  name: 'archive cases',
  table: 'archive_case',
  keyColumn: 'case_number',
  columns: ARCHIVE_COLUMNS,
  progressTable: 'archive_import',
  csvHeader: ARCHIVE_CSV_COLUMNS,
  csvToDocument: archiveCsvToDocument,
  rejectKey: 'caseNumber',
  keyOf: (doc) => {
    const caseNumber = (doc as { caseNumber?: unknown } | null)?.caseNumber;
    return typeof caseNumber === 'string' ? caseNumber : undefined;
  },
  runningError: 'TB_ARCHIVE_IMPORT_RUNNING',
};

/**
 * Imports archived case records (JSON Lines or CSV, the examples generator's formats) into `archive_case`:
 * streamed, COPied and merged, validated by {@link ArchiveCaseJudge}, deduplicated by case number, resumable after
 * a kill (see {@link StreamedImporter}).
 */
export class ArchiveImporter {
  private readonly engine: StreamedImporter;

  constructor(database: Database, private readonly clock: () => Date = () => new Date()) {
    this.engine = new StreamedImporter(database, clock);
  }

  run(input: ImportInput, options: ImportOptions): Promise<ImportReport> {
    return this.engine.run(archiveDataset, () => new ArchiveCaseJudge(this.clock()), input, options);
  }
}
