import { open, type FileHandle } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../db/database';
import { AppError } from '../errors/catalogue';
import type { ImportDataset, ImportInput, ImportOptions, ImportProgress, ImportReport, RecordJudge, RecordProblem, RejectedRecord } from './dataset';
import { copyLine, isCompleteCsv, parseCopyLine, splitCsvRecord, storable } from './text';

interface ProgressRow {
  id: string;
  status: 'running' | 'completed';
  byte_offset: string;
  line_number: string;
  rows_inserted: string;
  rows_duplicate: string;
  rows_rejected: string;
  rejects_offset: string;
}

/**
 * One batch of records: the rows to write as COPY lines (their most compact form) with their keys and source line
 * numbers, and the records already refused.
 */
interface Batch {
  keys: string[];
  lines: string[];
  sourceLines: number[];
  rejects: RejectedRecord[];
  endOffset: number;
  endLine: number;
}

/** What writing a batch did. */
interface Written {
  inserted: number;
  /** Rows the database refused (a value the judge let through), in batch order. */
  refused: Array<{ index: number; message: string }>;
}

const FIRST_REJECTS = 100;
const DEFAULT_BATCH = 10_000;
const DEFAULT_MAX_RECORD = 1 << 20;
const BATCH_ATTEMPTS = 5;

/** SQLSTATE classes of a value the database will not store: data exceptions, NOT NULL and CHECK, program limits. */
const isDataError = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code === '23502' || code === '23514' || code.startsWith('54'));
};
const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';
// Two imports folding rows into the same rollup rows (a statement trigger's upsert) may deadlock; the batch retries.
const isRetryable = (error: unknown) => ['40P01', '40001'].includes(String((error as { code?: unknown }).code));
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Writes `entries` with `attempt`; when the database refuses a value, splits them in halves until each refused entry
 * stands alone, so one bad row costs about 2·log2(n) extra attempts and never the whole batch. `attempt` must leave
 * nothing behind when it throws (a savepoint).
 */
async function isolate(entries: number[], attempt: (entries: number[]) => Promise<number>): Promise<{ inserted: number; refused: Written['refused'] }> {
  try {
    return { inserted: await attempt(entries), refused: [] };
  } catch (error) {
    if (!isDataError(error)) throw error;
    if (entries.length === 1) return { inserted: 0, refused: [{ index: entries[0]!, message: (error as Error).message }] };
    const half = Math.ceil(entries.length / 2);
    const left = await isolate(entries.slice(0, half), attempt);
    const right = await isolate(entries.slice(half), attempt);
    return { inserted: left.inserted + right.inserted, refused: [...left.refused, ...right.refused] };
  }
}

/**
 * The streamed import engine shared by every bulk dataset (licences, archived cases): it imports JSON Lines or CSV
 * records into a dataset's table in bounded memory, resumably, as an {@link ImportDataset} describes.
 *
 * - Records are read as a stream, line by line (a quoted CSV field may span lines), parsed and judged one by one;
 *   refused ones are written with their reasons to the rejects file. A line longer than `maxRecordBytes` is skipped
 *   unread and refused, a line that is not UTF-8 refused, a judge that throws (a pathological document) refuses.
 * - Accepted rows go in batches. On PostgreSQL the keys already present (and repeats within the batch) are left
 *   out and the rest COPied straight into the table; should that fail on a conflicting key (a concurrent writer) or
 *   a value the database refuses, the batch is COPied into a session temp staging table — refused rows isolated by
 *   bisection and rejected — and merged with `INSERT … SELECT … ON CONFLICT (key) DO NOTHING`. On the embedded
 *   PGlite, which has no `COPY FROM STDIN` through pg-copy-streams, multi-row INSERTs do the same.
 * - Each batch commits together with the import's progress row (byte offset and line of its last record, counts,
 *   rejects file length), so a run killed at any point resumes after the last committed batch and writes nothing
 *   twice; the rejects file is truncated to the committed length on resume.
 * - The next batch is parsed while the previous one is being written: at most two batches are in memory.
 *
 * One run per source at a time (a session advisory lock; a second answers the dataset's `runningError`).
 */
export class StreamedImporter {
  constructor(private readonly database: Database, private readonly clock: () => Date = () => new Date()) {}

  /** Imports `input` into `dataset`; `createJudge` is called once, before the import takes its own connection. */
  async run(dataset: ImportDataset, createJudge: () => RecordJudge | Promise<RecordJudge>, input: ImportInput, options: ImportOptions): Promise<ImportReport> {
    const started = performance.now();
    const embedded = this.database.kind === 'embedded';
    const knex = this.database.knex;
    const lockKey = `${dataset.progressTable}:${input.sourceKey}`;
    // The judge reads what it needs (licence types …) before the import takes its own connection.
    const judge = await createJudge();
    const client = embedded ? undefined : (await (knex.client as { acquireConnection(): Promise<pg.Client> }).acquireConnection());
    const staging = `${dataset.table}_staging`;
    let locked = false;
    let rejectsFile: FileHandle | undefined;
    try {
      if (client) {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockKey]);
        if (!rows[0]!.locked) throw new AppError(dataset.runningError);
        locked = true;
      }
      const state = await this.claim(dataset, input, options, client);
      const base = {
        dataset: dataset.name,
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
        await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${staging} (LIKE ${dataset.table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) ON COMMIT DELETE ROWS`);
      }
      const progress: ImportProgress = { ...base, runLines: 0, runBytes: 0, elapsedMs: 0 };
      const resumedFromLine = base.lineNumber;
      const firstRejects: RejectedRecord[] = [];
      const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD;
      const keyIndex = dataset.columns.indexOf(dataset.keyColumn);

      const writeRejects = async (rejects: RejectedRecord[], at: number): Promise<number> => {
        if (!rejectsFile || rejects.length === 0) return at;
        const bytes = Buffer.from(rejects.map((reject) => `${JSON.stringify(reject)}\n`).join(''), 'utf8');
        await rejectsFile.write(bytes, 0, bytes.length, at);
        await rejectsFile.sync();
        return at + bytes.length;
      };
      // A row the database refused is written back as its columns and values: the source text is not kept in memory.
      const refusedRejects = (batch: Batch, written: Written): RejectedRecord[] => written.refused.map(({ index, message }) => ({
        line: batch.sourceLines[index]!,
        [dataset.rejectKey]: batch.keys[index],
        problems: [{ path: '/', reason: `refused by the database: ${message}` }],
        record: JSON.stringify(Object.fromEntries(parseCopyLine(batch.lines[index]!).slice(0, dataset.columns.length).map((value, i) => [dataset.columns[i], value]))),
      }));

      /** Writes a batch, its rejects and the progress in one transaction; answers what it wrote. */
      const commit = async (batch: Batch): Promise<{ inserted: number; accepted: number; rejects: RejectedRecord[]; refused: RejectedRecord[]; rejectsOffset: number }> => {
        const record = async (written: Written, update: (values: Record<string, number>) => Promise<unknown>) => {
          const refused = refusedRejects(batch, written);
          const rejects = refused.length > 0 ? [...batch.rejects, ...refused].sort((a, b) => a.line - b.line) : batch.rejects;
          const offset = await writeRejects(rejects, rejectsOffset);
          const accepted = batch.lines.length - refused.length;
          await update({
            byte_offset: batch.endOffset,
            line_number: batch.endLine,
            rows_inserted: progress.inserted + written.inserted,
            rows_duplicate: progress.duplicates + (accepted - written.inserted),
            rows_rejected: progress.rejected + rejects.length,
            rejects_offset: offset,
          });
          return { inserted: written.inserted, accepted, rejects, refused, rejectsOffset: offset };
        };
        if (client) {
          await client.query('BEGIN');
          try {
            const written = batch.lines.length > 0 ? await this.writeBatch(client, dataset, staging, batch) : { inserted: 0, refused: [] };
            const result = await record(written, (c) => client.query(
              `UPDATE ${dataset.progressTable} SET byte_offset = $2, line_number = $3, rows_inserted = $4, rows_duplicate = $5, rows_rejected = $6,
                 rejects_offset = $7, updated_at = now() WHERE id = $1`,
              [state.id, c.byte_offset, c.line_number, c.rows_inserted, c.rows_duplicate, c.rows_rejected, c.rejects_offset],
            ));
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }
        return knex.transaction(async (trx) => {
          const written = batch.lines.length > 0 ? await this.insertBatch(trx, dataset, batch) : { inserted: 0, refused: [] };
          return record(written, (c) => trx(dataset.progressTable).where({ id: state.id }).update({ ...c, updated_at: this.clock() }));
        });
      };

      const flush = async (batch: Batch) => {
        let result: Awaited<ReturnType<typeof commit>>;
        for (let attempt = 1; ; attempt += 1) {
          try {
            result = await commit(batch);
            break;
          } catch (error) {
            if (attempt >= BATCH_ATTEMPTS || !isRetryable(error)) throw error;
            await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
          }
        }
        rejectsOffset = result.rejectsOffset;
        for (const reject of result.refused.slice(0, Math.max(0, FIRST_REJECTS - firstRejects.length))) firstRejects.push(clipped(reject));
        progress.runBytes += batch.endOffset - progress.byteOffset;
        progress.runLines += batch.endLine - progress.lineNumber;
        progress.inserted += result.inserted;
        progress.duplicates += result.accepted - result.inserted;
        progress.rejected += result.rejects.length;
        progress.byteOffset = batch.endOffset;
        progress.lineNumber = batch.endLine;
        progress.elapsedMs = performance.now() - started;
        options.onProgress?.({ ...progress });
      };

      const source = await input.open({ byteOffset: base.byteOffset, lineNumber: base.lineNumber });
      const batchSize = options.batchSize ?? DEFAULT_BATCH;
      let header = options.format === 'csv' && source.header !== undefined ? splitCsvRecord(source.header) : undefined;
      const emptyBatch = (endOffset: number, endLine: number): Batch => ({ keys: [], lines: [], sourceLines: [], rejects: [], endOffset, endLine });
      let batch = emptyBatch(base.byteOffset, base.lineNumber);
      let inFlight: Promise<void> | undefined;
      // Position after the last complete record; a record may span lines (quoted CSV line breaks).
      let offset = source.skipLines > 0 ? 0 : base.byteOffset;
      let line = source.skipLines > 0 ? 0 : base.lineNumber;
      const fromStart = offset === 0;
      let pending = '';
      let pendingStart = 0;
      let carry: Buffer | undefined;
      // An over-long line being skipped: its first bytes (for the rejects file) and how many were skipped.
      let oversized: { head: string; bytes: number } | undefined;

      const refuse = (firstLine: number, text: string, problems: RecordProblem[], key?: string) => {
        const reject: RejectedRecord = { line: firstLine, ...(key !== undefined ? { [dataset.rejectKey]: key } : {}), problems, record: text };
        batch.rejects.push(reject);
        if (firstRejects.length < FIRST_REJECTS) firstRejects.push(clipped(reject));
      };

      const accept = (text: string, firstLine: number) => {
        let doc: unknown;
        if (options.format === 'csv') {
          if (!header) {
            header = splitCsvRecord(text) ?? [...dataset.csvHeader];
            return;
          }
        }
        try {
          doc = options.format === 'csv' ? dataset.csvToDocument(header!, splitCsvRecord(text) ?? []) : JSON.parse(text);
        } catch (error) {
          refuse(firstLine, text, [{ path: '/', reason: `${options.format === 'csv' ? 'unreadable CSV record' : 'not JSON'}: ${(error as Error).message}` }]);
          return;
        }
        let key: string | undefined;
        try {
          key = dataset.keyOf(doc);
          const verdict = judge.judge(doc);
          if ('problems' in verdict) {
            refuse(firstLine, text, verdict.problems, key);
            return;
          }
          const copy = copyLine(verdict.row, dataset.importIdColumn ? state.id : undefined);
          if (!storable(copy)) {
            refuse(firstLine, text, [{ path: '/', reason: 'a value holds a NUL character or a lone UTF-16 surrogate, which the database cannot store' }], key);
            return;
          }
          batch.keys.push(verdict.row[keyIndex]!);
          batch.lines.push(copy);
          batch.sourceLines.push(firstLine);
        } catch (error) {
          // A pathological document (nesting deep enough to exhaust the stack, …) is refused, never fatal.
          refuse(firstLine, text, [{ path: '/', reason: `unprocessable record: ${(error as Error).message}` }], key);
        }
      };

      // Synchronous per line; a promise only when a full batch has to wait for the one in flight.
      const endOfRecord = (): Promise<void> | undefined => {
        batch.endOffset = offset;
        batch.endLine = line;
        if (batch.lines.length + batch.rejects.length < batchSize) return undefined;
        const full = batch;
        batch = emptyBatch(offset, line);
        const previous = inFlight;
        inFlight = (previous ?? Promise.resolve()).then(() => flush(full));
        // A failed flush surfaces when the next batch or the end awaits it; keep it from being "unhandled" meanwhile.
        inFlight.catch(() => undefined);
        return previous;
      };

      const skipped = () => line <= source.skipLines;

      const handleOversized = (bytes: number, head: string): Promise<void> | undefined => {
        line += 1;
        offset += bytes;
        if (skipped()) {
          if (line === source.skipLines) {
            batch.endOffset = offset;
            batch.endLine = line;
          }
          return undefined;
        }
        if (pending !== '') refuse(pendingStart, pending, [{ path: '/', reason: 'unterminated quoted CSV field' }]);
        pending = '';
        refuse(line, `${head}…`, [{ path: '/', reason: `record longer than ${maxRecordBytes} bytes (${bytes} bytes)` }]);
        return endOfRecord();
      };

      const handleLine = (buffer: Buffer, start: number, end: number, bytes: number): Promise<void> | undefined => {
        if (end - start > maxRecordBytes) return handleOversized(bytes, buffer.toString('utf8', start, start + 200));
        line += 1;
        offset += bytes;
        if (skipped()) {
          if (line === 1 && options.format === 'csv') header = splitCsvRecord(buffer.toString('utf8', start, end).replace(/\r$/, '').replace(/^\uFEFF/, ''));
          if (line === source.skipLines) {
            batch.endOffset = offset;
            batch.endLine = line;
          }
          return undefined;
        }
        let text = buffer.toString('utf8', start, end);
        if (text.endsWith('\r')) text = text.slice(0, -1);
        if (line === 1 && fromStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (text.includes('\uFFFD')) {
          try {
            utf8.decode(buffer.subarray(start, end));
          } catch {
            // A line that is not UTF-8 ends any open CSV record: both are refused rather than guessed at.
            if (pending !== '') refuse(pendingStart, pending, [{ path: '/', reason: 'unterminated quoted CSV field' }]);
            pending = '';
            refuse(line, text, [{ path: '/', reason: 'not valid UTF-8' }]);
            return endOfRecord();
          }
        }
        if (options.format === 'csv' && (pending !== '' || !isCompleteCsv(text))) {
          if (pending === '') pendingStart = line;
          pending = pending === '' ? text : `${pending}\n${text}`;
          if (pending.length > maxRecordBytes) {
            refuse(pendingStart, `${pending.slice(0, 200)}…`, [{ path: '/', reason: `record longer than ${maxRecordBytes} bytes (an unterminated quoted CSV field?)` }]);
            pending = '';
            return endOfRecord();
          }
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
          let waiting: Promise<void> | undefined;
          if (oversized) {
            waiting = handleOversized(oversized.bytes + newline - start + 1, oversized.head);
            oversized = undefined;
          } else waiting = handleLine(buffer, start, newline, newline - start + 1);
          if (waiting) await waiting;
          start = newline + 1;
        }
        if (oversized) oversized.bytes += buffer.length - start;
        else if (buffer.length - start > maxRecordBytes) oversized = { head: buffer.toString('utf8', start, start + 200), bytes: buffer.length - start };
        else if (start < buffer.length) carry = buffer.subarray(start);
        buffer = Buffer.alloc(0);
      }
      if (oversized) await handleOversized(oversized.bytes, oversized.head);
      else if (carry && carry.length > 0) await handleLine(carry, 0, carry.length, carry.length);
      if (pending !== '') {
        refuse(pendingStart, pending, [{ path: '/', reason: 'unterminated quoted CSV field' }]);
        batch.endOffset = offset;
        batch.endLine = line;
      }
      if (inFlight) await inFlight;
      if (batch.lines.length + batch.rejects.length > 0 || batch.endLine > progress.lineNumber) await flush(batch);
      await onConnection(client, knex(dataset.progressTable).where({ id: state.id }).update({ status: 'completed', finished_at: this.clock(), updated_at: this.clock() }));
      progress.elapsedMs = performance.now() - started;
      return { ...progress, status: 'completed', alreadyImported: false, resumedFromLine, mode, firstRejects };
    } finally {
      await rejectsFile?.close();
      if (client) {
        if (locked) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
        await client.query(`DROP TABLE IF EXISTS ${staging}`).catch(() => undefined);
        (knex.client as { releaseConnection(connection: unknown): Promise<void> }).releaseConnection(client);
      }
    }
  }

  /**
   * Writes a batch's rows on PostgreSQL inside the caller's transaction; answers how many were new and which the
   * database refused. The keys already in the table (and repeats within the batch) are looked up first and left
   * out, and the rest is COPied straight into the table. Should a concurrent writer insert one of them meanwhile,
   * or the database refuse a value, that rolls back to a savepoint and the batch takes the general path: COPY into
   * the session's staging table (refused rows isolated by bisection), then `INSERT … SELECT … ON CONFLICT DO NOTHING`.
   */
  private async writeBatch(client: pg.Client, dataset: ImportDataset, staging: string, batch: Batch): Promise<Written> {
    const columns = [...dataset.columns, ...(dataset.importIdColumn ? [dataset.importIdColumn] : [])].join(', ');
    const copyInto = (table: string) => async (entries: number[]): Promise<number> => {
      await client.query('SAVEPOINT import_batch');
      try {
        const copy = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
        let text = '';
        for (const index of entries) text += batch.lines[index]!;
        copy.end(text);
        await finished(copy);
        await client.query('RELEASE SAVEPOINT import_batch');
        return entries.length;
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT import_batch');
        await client.query('RELEASE SAVEPOINT import_batch');
        throw error;
      }
    };
    const { keys } = batch;
    const { rows: existing } = await client.query<{ key: string }>(`SELECT ${dataset.keyColumn} AS key FROM ${dataset.table} WHERE ${dataset.keyColumn} = ANY($1::text[])`, [keys]);
    const seen = new Set(existing.map((row) => row.key));
    const fresh: number[] = [];
    for (let i = 0; i < keys.length; i += 1) {
      if (seen.has(keys[i]!)) continue;
      seen.add(keys[i]!);
      fresh.push(i);
    }
    if (fresh.length === 0) return { inserted: 0, refused: [] };
    try {
      return { inserted: await copyInto(dataset.table)(fresh), refused: [] };
    } catch (error) {
      if (!isUniqueViolation(error) && !isDataError(error)) throw error;
    }
    const { refused } = await isolate(fresh, copyInto(staging));
    const merged = await client.query(`INSERT INTO ${dataset.table} (${columns}) SELECT ${columns} FROM ${staging} ON CONFLICT (${dataset.keyColumn}) DO NOTHING`);
    await client.query(`TRUNCATE ${staging}`);
    return { inserted: merged.rowCount ?? 0, refused };
  }

  /** Writes a batch's rows on the embedded database (multi-row INSERTs, refused rows isolated by bisection). */
  private async insertBatch(trx: Knex.Transaction, dataset: ImportDataset, batch: Batch): Promise<Written> {
    const columns = [...dataset.columns, ...(dataset.importIdColumn ? [dataset.importIdColumn] : [])];
    const object = (line: string) => {
      const values = parseCopyLine(line);
      return Object.fromEntries(columns.map((column, index) => [column, values[index]]));
    };
    const insert = async (entries: number[]) => trx.transaction(async (savepoint) => ((await savepoint(dataset.table)
      .insert(entries.map((index) => object(batch.lines[index]!)))
      .onConflict(dataset.keyColumn).ignore()
      .returning(dataset.keyColumn)) as unknown[]).length);
    const written: Written = { inserted: 0, refused: [] };
    for (let i = 0; i < batch.lines.length; i += 500) {
      const chunk = Array.from({ length: Math.min(500, batch.lines.length - i) }, (_, k) => i + k);
      const result = await isolate(chunk, insert);
      written.inserted += result.inserted;
      written.refused.push(...result.refused);
    }
    return written;
  }

  /** The progress row of a source: created, or found to resume. */
  private async claim(dataset: ImportDataset, input: ImportInput, options: ImportOptions, client: pg.Client | undefined): Promise<ProgressRow> {
    const knex: Knex = this.database.knex;
    const now = this.clock();
    await onConnection(client, knex(dataset.progressTable).insert({
      source_key: input.sourceKey, source_name: input.sourceName.slice(0, 500), format: options.format, status: 'running', actor: options.actor,
      started_at: now, updated_at: now,
    }).onConflict('source_key').ignore());
    const [row] = await onConnection(client, knex(dataset.progressTable).where({ source_key: input.sourceKey }).limit(1));
    return row as unknown as ProgressRow;
  }
}

/**
 * Runs a query on the import's own connection when it has one: the import holds that connection (and its advisory
 * lock) for its whole run, so a second connection from the pool for its bookkeeping could wait for ever when
 * imports fill the pool.
 */
async function onConnection(client: pg.Client | undefined, query: Knex.QueryBuilder): Promise<Array<Record<string, unknown>>> {
  if (!client) return (await query) as Array<Record<string, unknown>>;
  const { sql, bindings } = query.toSQL().toNative();
  return (await client.query(sql, bindings as unknown[])).rows as Array<Record<string, unknown>>;
}

/** A reject as the report lists it: the record cut to 1,000 characters. */
function clipped(reject: RejectedRecord): RejectedRecord {
  return reject.record.length > 1000 ? { ...reject, record: `${reject.record.slice(0, 1000)}…` } : reject;
}
