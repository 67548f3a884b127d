import type { Readable } from 'node:stream';
import type { ErrorCode } from '../errors/catalogue';

/** Why a record was refused: a JSON pointer into the record and an English reason (the rejects file). */
export interface RecordProblem {
  path: string;
  reason: string;
}

/** A record ready to be written: the values of {@link ImportDataset.columns}, in that order (`null` is SQL NULL). */
export type ImportRow = readonly (string | null)[];

/** What a judge answers for one parsed record: the row to write, or the problems that refuse it. */
export type Verdict = { row: ImportRow } | { problems: RecordProblem[] };

/** Judges parsed records of one dataset, one by one, in memory (no I/O: the rules it needs are loaded before). */
export interface RecordJudge {
  judge(doc: unknown): Verdict;
}

/**
 * What the streamed import engine needs to know about a dataset. The engine owns reading, batching, COPY, merging,
 * resuming and the rejects file; a descriptor only names the table and turns one record into a row.
 */
export interface ImportDataset {
  /** Short name, in the advisory lock and the progress line (`licences`, `archive cases`). */
  name: string;
  /** Target table; the engine writes {@link columns} (and {@link importIdColumn}) into it. */
  table: string;
  /** Unique key column of the target: records whose key is present already are counted as duplicates. */
  keyColumn: string;
  /** Columns a row fills, in COPY order; must include {@link keyColumn}. */
  columns: readonly string[];
  /** A column that receives the import's id (the progress row's `id`), appended after {@link columns}. */
  importIdColumn?: string;
  /**
   * Progress table, one row per source: `id, source_key (unique), source_name, format, status ('running' |
   * 'completed'), byte_offset, line_number, rows_inserted, rows_duplicate, rows_rejected, rejects_offset, actor,
   * started_at, updated_at, finished_at` (see migration `20261124_007_imports`).
   */
  progressTable: string;
  /** CSV header assumed when a CSV source's first line is empty. */
  csvHeader: readonly string[];
  /** A CSV record (its header and fields) as the document the judge reads. */
  csvToDocument(header: readonly string[], fields: readonly string[]): unknown;
  /** Name of the property that carries a rejected record's key in the rejects file (`identifier`, `caseNumber`). */
  rejectKey: string;
  /** The key of a parsed document, if it has one, for the rejects file. */
  keyOf(doc: unknown): string | undefined;
  /** Error answered when the same source is being imported by another run (HTTP 409). */
  runningError: ErrorCode;
}

/** A rejected record, as the rejects file (JSON Lines) holds it, plus the dataset's key property when known. */
export interface RejectedRecord {
  line: number;
  problems: RecordProblem[];
  record: string;
  [key: string]: unknown;
}

/** Progress of an import, after each committed batch. */
export interface ImportProgress {
  /** The dataset's name (the progress line shows it). */
  dataset?: string;
  importId: string;
  /** Lines of the source consumed and committed (header included). */
  lineNumber: number;
  /** Bytes of the source consumed and committed. */
  byteOffset: number;
  totalBytes?: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  /** Lines and bytes processed by this run (not by earlier, interrupted ones). */
  runLines: number;
  runBytes: number;
  elapsedMs: number;
}

/** What an import answers. */
export interface ImportReport extends ImportProgress {
  status: 'completed';
  /** The source had been imported completely before: nothing was read. */
  alreadyImported: boolean;
  /** Where the run started: 0, or the line after the last batch an interrupted run committed. */
  resumedFromLine: number;
  /** `copy` (PostgreSQL: COPY into a staging table and merge) or `insert` (embedded PGlite: batched INSERTs). */
  mode: 'copy' | 'insert';
  /** The first rejected records, with their reasons (all of them are in the rejects file; records cut to 1,000 characters here). */
  firstRejects: RejectedRecord[];
}

/** Where the records come from. */
export interface ImportInput {
  /**
   * Opens the source for a run that resumes after `byteOffset` bytes and `lineNumber` lines. A file opens at the
   * offset (`skipLines: 0`); a stream that can only start over (an HTTP upload) answers `skipLines: lineNumber`, and
   * the importer reads past those lines. `header` is the CSV header line when the source opens past it.
   */
  open(resume: { byteOffset: number; lineNumber: number }): Promise<{ stream: Readable; skipLines: number; header?: string }>;
  /** Identity of the source for resuming: the same key resumes the same import. */
  sourceKey: string;
  sourceName: string;
  totalBytes?: number;
}

/** Options of one import. */
export interface ImportOptions {
  format: 'jsonl' | 'csv';
  actor: string;
  /** A JSON Lines file for the rejected records; truncated to the last committed batch on resume. */
  rejectsPath?: string;
  /** Records per transaction (default 10,000). */
  batchSize?: number;
  /**
   * Longest record accepted, in bytes (default 1 MiB): a longer line is skipped unread and rejected, so one huge
   * line cannot exhaust memory.
   */
  maxRecordBytes?: number;
  onProgress?: (progress: ImportProgress) => void;
}
