import type { Database } from '../../db/database';
import type { ImportDataset, ImportInput, ImportOptions, ImportReport } from '../../imports/dataset';
import { StreamedImporter } from '../../imports/engine';
import { CSV_COLUMNS, IMPORT_COLUMNS, RecordJudge, csvToDocument } from './records';
import type { LicenceService } from './service';
import { chinaDate } from './store';

export type { ImportInput, ImportProgress, ImportReport, RejectedRecord } from '../../imports/dataset';
export { fileInput, fileSourceKey } from '../../imports/input';

/** The licence library as a dataset of the streamed import engine (docs/licences.md, "Import"). */
export const licenceDataset: ImportDataset = {
  name: 'licences',
  table: 'licence',
  keyColumn: 'identifier',
  columns: IMPORT_COLUMNS.filter((column) => column !== 'import_id'),
  importIdColumn: 'import_id',
  progressTable: 'licence_import',
  csvHeader: CSV_COLUMNS,
  csvToDocument,
  rejectKey: 'identifier',
  keyOf: (doc) => {
    const identifier = (doc as { identifier?: unknown } | null)?.identifier;
    return typeof identifier === 'string' ? identifier : undefined;
  },
  runningError: 'TB_LICENCE_IMPORT_RUNNING',
};

/** Options of a licence import. */
export interface LicenceImportOptions extends ImportOptions {
  /** Only records issued by this department are accepted (callers who are not administrators). */
  department?: string;
}

/**
 * Imports licence records (JSON Lines or CSV) into the library through the streamed import engine
 * ({@link StreamedImporter}: bounded memory, COPY and merge, resumable after a kill, rejects with reasons), each
 * record judged by {@link RecordJudge} against the licence types of the library.
 */
export class LicenceImporter {
  private readonly engine: StreamedImporter;

  constructor(database: Database, private readonly service: LicenceService, private readonly clock: () => Date = () => new Date()) {
    this.engine = new StreamedImporter(database, clock);
  }

  run(input: ImportInput, options: LicenceImportOptions): Promise<ImportReport> {
    const { department, ...rest } = options;
    const judge = async () => new RecordJudge(await this.service.licenceTypes(), chinaDate(this.clock()), department ? { department } : {});
    return this.engine.run(licenceDataset, judge, input, rest);
  }
}
