import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../db/database';
import { AppError } from '../../errors/catalogue';
import { CSV_COLUMNS, IMPORT_COLUMNS, RecordJudge, copyLine, csvToDocument, splitCsvRecord, type ImportRow, type RecordProblem } from './records';
import type { LicenceService } from './service';
import { chinaDate } from './store';

/** Progress of an import, after each committed batch. */
export interface ImportProgress {
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
  /** The first rejected records, with their reasons (all of them are in the rejects file). */
  firstRejects: RejectedRecord[];
}

/** A rejected record, as the rejects file (JSON Lines) holds it. */
export interface RejectedRecord {
  line: number;
  identifier?: string;
  problems: RecordProblem[];
  record: string;
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
  /** Only records issued by this department are accepted (callers who are not administrators). */
  department?: string;
  /** Records per transaction (default 10,000). */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

interface ImportRowState {
  id: string;
  status: 'running' | 'completed';
  byte_offset: string;
  line_number: string;
  rows_inserted: string;
  rows_duplicate: string;
  rows_rejected: string;
  rejects_offset: string;
}

interface Batch {
  rows: ImportRow[];
  lines: string[];
  rejects: RejectedRecord[];
  endOffset: number;
  endLine: number;
}

/** A key identifying a file's content for resuming: its size and the SHA-256 of its first MiB. */
export async function fileSourceKey(path: string): Promise<{ key: string; size: number }> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 1 << 20));
    await handle.read(head, 0, head.length, 0);
    return { key: `file:${size}:${createHash('sha256').update(head).digest('hex')}`, size };
  } finally {
    await handle.close();
  }
}

/** An import input reading a file, resumable at a byte offset. */
export async function fileInput(path: string, format: 'jsonl' | 'csv'): Promise<ImportInput> {
  const { key, size } = await fileSourceKey(path);
  return {
    sourceKey: key,
    sourceName: path,
    totalBytes: size,
    async open({ byteOffset }) {
      let header: string | undefined;
      if (format === 'csv' && byteOffset > 0) {
        const handle = await open(path, 'r');
        try {
          const head = Buffer.alloc(Math.min(size, 64 * 1024));
          await handle.read(head, 0, head.length, 0);
          header = head.toString('utf8').split('\n', 1)[0]!.replace(/\r$/, '');
        } finally {
          await handle.close();
        }
      }
      return { stream: createReadStream(path, { start: byteOffset, highWaterMark: 1 << 20 }), skipLines: 0, ...(header !== undefined ? { header } : {}) };
    },
  };
}

const FIRST_REJECTS = 100;

/**
 * Imports licence records (JSON Lines or CSV) into the library in bounded memory, resumably:
 *
 * - records are read as a stream, judged one by one ({@link RecordJudge}), and rejected ones written with their
 *   reasons to the rejects file;
 * - valid rows go in batches: on PostgreSQL `COPY` into a session temp table, then `INSERT … SELECT … ON CONFLICT
 *   (identifier) DO NOTHING` into `licence` (duplicates, in the file or in the library, are skipped and counted); on the
 *   embedded PGlite, which has no `COPY FROM STDIN` through pg-copy-streams, batched multi-row INSERTs instead;
 * - each batch commits together with the import's progress (byte offset and line of its last record, counts,
 *   rejects file length), so a run killed at any point resumes after the last committed batch and writes nothing twice;
 * - the next batch is parsed while the previous one is being written.
 *
 * One run per source at a time (a session advisory lock; a second answers 409).
 */
export class LicenceImporter {
  constructor(private readonly database: Database, private readonly service: LicenceService, private readonly clock: () => Date = () => new Date()) {}

  async run(input: ImportInput, options: ImportOptions): Promise<ImportReport> {
    const started = performance.now();
    const embedded = this.database.kind === 'embedded';
    const knex = this.database.knex;
    const client = embedded ? undefined : (await (knex.client as { acquireConnection(): Promise<pg.Client> }).acquireConnection());
    let rejectsFile: FileHandle | undefined;
    try {
      if (client) {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`licence_import:${input.sourceKey}`]);
        if (!rows[0]!.locked) throw new AppError('TB_LICENCE_IMPORT_RUNNING');
      }
      const state = await this.claim(input, options);
      const base = {
        importId: state.id,
        inserted: Number(state.rows_inserted),
        duplicates: Number(state.rows_duplicate),
        rejected: Number(state.rows_rejected),
        lineNumber: Number(state.line_number),
        byteOffset: Number(state.byte_offset),
        ...(input.totalBytes !== undefined ? { totalBytes: input.totalBytes } : {}),
      };
      const mode = embedded ? 'insert' as const : 'copy' as const;
      if (state.status === 'completed') {
        return { ...base, status: 'completed', alreadyImported: true, resumedFromLine: base.lineNumber, mode, firstRejects: [], runLines: 0, runBytes: 0, elapsedMs: performance.now() - started };
      }
      let rejectsOffset = Number(state.rejects_offset);
      if (options.rejectsPath) {
        rejectsFile = await open(options.rejectsPath, 'a+');
        await rejectsFile.truncate(rejectsOffset);
      }
      if (client) {
        await client.query(`CREATE TEMP TABLE IF NOT EXISTS licence_staging (LIKE licence INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
      }
      const judge = new RecordJudge(await this.service.licenceTypes(), chinaDate(this.clock()), options.department ? { department: options.department } : {});
      const progress: ImportProgress = { ...base, runLines: 0, runBytes: 0, elapsedMs: 0 };
      const resumedFromLine = base.lineNumber;
      const firstRejects: RejectedRecord[] = [];

      const flush = async (batch: Batch) => {
        const rejectsText = batch.rejects.map((reject) => `${JSON.stringify(reject)}\n`).join('');
        let inserted: number;
        const writeRejects = async () => {
          if (!rejectsFile || rejectsText.length === 0) return;
          const bytes = Buffer.from(rejectsText, 'utf8');
          await rejectsFile.write(bytes, 0, bytes.length, rejectsOffset);
          await rejectsFile.sync();
          rejectsOffset += bytes.length;
        };
        const counts = (n: number) => ({
          byte_offset: batch.endOffset,
          line_number: batch.endLine,
          rows_inserted: progress.inserted + n,
          rows_duplicate: progress.duplicates + (batch.rows.length - n),
          rows_rejected: progress.rejected + batch.rejects.length,
          rejects_offset: rejectsOffset,
        });
        if (client) {
          await client.query('BEGIN');
          try {
            if (batch.lines.length > 0) inserted = await this.writeBatch(client, batch);
            else inserted = 0;
            await writeRejects();
            const c = counts(inserted);
            await client.query(
              `UPDATE licence_import SET byte_offset = $2, line_number = $3, rows_inserted = $4, rows_duplicate = $5, rows_rejected = $6,
                 rejects_offset = $7, updated_at = now() WHERE id = $1`,
              [state.id, c.byte_offset, c.line_number, c.rows_inserted, c.rows_duplicate, c.rows_rejected, c.rejects_offset],
            );
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        } else {
          inserted = await knex.transaction(async (trx) => {
            let n = 0;
            for (let i = 0; i < batch.rows.length; i += 500) {
              const objects = batch.rows.slice(i, i + 500).map((row) => Object.fromEntries([...IMPORT_COLUMNS.slice(0, -1).map((column, index) => [column, row[index]]), ['import_id', state.id]]));
              n += ((await trx('licence').insert(objects).onConflict('identifier').ignore().returning('identifier')) as unknown[]).length;
            }
            await writeRejects();
            await trx('licence_import').where({ id: state.id }).update({ ...counts(n), updated_at: this.clock() });
            return n;
          });
        }
        progress.runBytes += batch.endOffset - progress.byteOffset;
        progress.runLines += batch.endLine - progress.lineNumber;
        progress.inserted += inserted;
        progress.duplicates += batch.rows.length - inserted;
        progress.rejected += batch.rejects.length;
        progress.byteOffset = batch.endOffset;
        progress.lineNumber = batch.endLine;
        progress.elapsedMs = performance.now() - started;
        options.onProgress?.({ ...progress });
      };

      const source = await input.open({ byteOffset: base.byteOffset, lineNumber: base.lineNumber });
      const batchSize = options.batchSize ?? 10_000;
      let header = options.format === 'csv' && source.header !== undefined ? splitCsvRecord(source.header) : undefined;
      let batch: Batch = { rows: [], lines: [], rejects: [], endOffset: base.byteOffset, endLine: base.lineNumber };
      let inFlight: Promise<void> | undefined;
      // Position after the last complete record; a record may span lines (quoted CSV line breaks).
      let offset = source.skipLines > 0 ? 0 : base.byteOffset;
      let line = source.skipLines > 0 ? 0 : base.lineNumber;
      let pending = '';
      let pendingStart = 0;
      let carry: Buffer | undefined;

      const accept = (text: string, firstLine: number) => {
        let doc: unknown;
        if (options.format === 'csv') {
          if (!header) {
            header = splitCsvRecord(text) ?? [...CSV_COLUMNS];
            return;
          }
          doc = csvToDocument(header, splitCsvRecord(text) ?? []);
        } else {
          try {
            doc = JSON.parse(text);
          } catch (error) {
            const reject = { line: firstLine, problems: [{ path: '/', reason: `not JSON: ${(error as Error).message}` }], record: text };
            batch.rejects.push(reject);
            if (firstRejects.length < FIRST_REJECTS) firstRejects.push(reject);
            return;
          }
        }
        const verdict = judge.judge(doc);
        if ('row' in verdict) {
          batch.rows.push(verdict.row);
          batch.lines.push(copyLine(verdict.row, state.id));
        } else {
          const identifier = (doc as { identifier?: unknown } | null)?.identifier;
          const reject: RejectedRecord = { line: firstLine, ...(typeof identifier === 'string' ? { identifier } : {}), problems: verdict.problems, record: text };
          batch.rejects.push(reject);
          if (firstRejects.length < FIRST_REJECTS) firstRejects.push(reject);
        }
      };

      // Synchronous per line; a promise only when a full batch has to wait for the one in flight.
      const endOfRecord = (): Promise<void> | undefined => {
        batch.endOffset = offset;
        batch.endLine = line;
        if (batch.rows.length + batch.rejects.length < batchSize) return undefined;
        const full = batch;
        batch = { rows: [], lines: [], rejects: [], endOffset: offset, endLine: line };
        const previous = inFlight;
        inFlight = (previous ?? Promise.resolve()).then(() => flush(full));
        // A failed flush surfaces when the next batch or the end awaits it; keep it from being "unhandled" meanwhile.
        inFlight.catch(() => undefined);
        return previous;
      };

      const handleLine = (buffer: Buffer, start: number, end: number, bytes: number): Promise<void> | undefined => {
        line += 1;
        offset += bytes;
        if (line <= source.skipLines) {
          if (line === 1 && options.format === 'csv') header = splitCsvRecord(buffer.toString('utf8', start, end).replace(/\r$/, ''));
          if (line === source.skipLines) {
            batch.endOffset = offset;
            batch.endLine = line;
          }
          return undefined;
        }
        let text = buffer.toString('utf8', start, end);
        if (text.endsWith('\r')) text = text.slice(0, -1);
        if (options.format === 'csv' && (pending !== '' || !isCompleteCsv(text))) {
          if (pending === '') pendingStart = line;
          pending = pending === '' ? text : `${pending}\n${text}`;
          if (!isCompleteCsv(pending)) return undefined;
          text = pending;
          pending = '';
          if (text.trim() !== '') accept(text, pendingStart);
        } else if (text.trim() !== '') accept(text, line);
        return endOfRecord();
      };

      for await (const chunk of source.stream as AsyncIterable<Buffer>) {
        let buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
        carry = undefined;
        let start = 0;
        for (;;) {
          const newline = buffer.indexOf(10, start);
          if (newline < 0) break;
          const waiting = handleLine(buffer, start, newline, newline - start + 1);
          if (waiting) await waiting;
          start = newline + 1;
        }
        if (start < buffer.length) carry = buffer.subarray(start);
        buffer = Buffer.alloc(0);
      }
      if (carry && carry.length > 0) await handleLine(carry, 0, carry.length, carry.length);
      if (pending !== '') {
        const reject = { line: pendingStart, problems: [{ path: '/', reason: 'unterminated quoted CSV field' }], record: pending };
        batch.rejects.push(reject);
        if (firstRejects.length < FIRST_REJECTS) firstRejects.push(reject);
        batch.endOffset = offset;
        batch.endLine = line;
      }
      if (inFlight) await inFlight;
      if (batch.rows.length + batch.rejects.length > 0 || batch.endLine > progress.lineNumber) await flush(batch);
      await knex('licence_import').where({ id: state.id }).update({ status: 'completed', finished_at: this.clock(), updated_at: this.clock() });
      progress.elapsedMs = performance.now() - started;
      return { ...progress, status: 'completed', alreadyImported: false, resumedFromLine, mode, firstRejects };
    } finally {
      await rejectsFile?.close();
      if (client) {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`licence_import:${input.sourceKey}`]).catch(() => undefined);
        await client.query('DROP TABLE IF EXISTS licence_staging').catch(() => undefined);
        (knex.client as { releaseConnection(connection: unknown): Promise<void> }).releaseConnection(client);
      }
    }
  }

  /**
   * Writes a batch's valid rows on PostgreSQL; answers how many were new. The identifiers already in the library
   * (and repeats within the batch) are looked up first and left out, and the rest is COPied straight into
   * `licence`. Should a concurrent writer insert one of them meanwhile, the unique violation rolls back to a
   * savepoint and the batch takes the general path: COPY into the session's staging table, then
   * `INSERT … SELECT … ON CONFLICT (identifier) DO NOTHING`. Either way the caller's transaction commits the batch
   * with its progress.
   */
  private async writeBatch(client: pg.Client, batch: Batch): Promise<number> {
    const copyInto = async (table: string, text: string) => {
      const copy = client.query(copyFrom(`COPY ${table} (${IMPORT_COLUMNS.join(', ')}) FROM STDIN`));
      copy.end(text);
      await finished(copy);
    };
    const identifiers = batch.rows.map((row) => row[0]);
    const { rows: existing } = await client.query<{ identifier: string }>('SELECT identifier FROM licence WHERE identifier = ANY($1::text[])', [identifiers]);
    const skip = new Set(existing.map((row) => row.identifier));
    let text = '';
    let fresh = 0;
    for (let i = 0; i < batch.lines.length; i += 1) {
      if (skip.has(identifiers[i]!)) continue;
      skip.add(identifiers[i]!);
      text += batch.lines[i]!;
      fresh += 1;
    }
    if (fresh === 0) return 0;
    await client.query('SAVEPOINT licence_batch');
    try {
      await copyInto('licence', text);
      await client.query('RELEASE SAVEPOINT licence_batch');
      return fresh;
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await client.query('ROLLBACK TO SAVEPOINT licence_batch');
    }
    await copyInto('licence_staging', text);
    const merged = await client.query(`INSERT INTO licence (${IMPORT_COLUMNS.join(', ')}) SELECT ${IMPORT_COLUMNS.join(', ')} FROM licence_staging ON CONFLICT (identifier) DO NOTHING`);
    await client.query('TRUNCATE licence_staging');
    return merged.rowCount ?? 0;
  }

  /** The import row of a source: created, or found to resume. */
  private async claim(input: ImportInput, options: ImportOptions): Promise<ImportRowState> {
    const knex: Knex = this.database.knex;
    const now = this.clock();
    await knex('licence_import').insert({
      source_key: input.sourceKey, source_name: input.sourceName.slice(0, 500), format: options.format, status: 'running', actor: options.actor,
      started_at: now, updated_at: now,
    }).onConflict('source_key').ignore();
    return (await knex('licence_import').where({ source_key: input.sourceKey }).first()) as ImportRowState;
  }
}

/** Whether a CSV text has no open quoted field (quotes balance). */
function isCompleteCsv(text: string): boolean {
  let quotes = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes += 1;
  return quotes % 2 === 0;
}
