import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Progress of a {@link writeLines} run. */
export interface WriteProgress {
  written: number;
  total: number | undefined;
  elapsedMs: number;
  bytes: number;
}

/** Options of {@link writeLines}. */
export interface WriteLinesOptions {
  /** A first line (a CSV header). */
  header?: string;
  /** Records expected, for progress. */
  total?: number;
  /** Called about every `progressEvery` records and once at the end. */
  onProgress?: (progress: WriteProgress) => void;
  progressEvery?: number;
  /** Bytes buffered before a write (default 4 MiB). */
  chunkBytes?: number;
}

/**
 * Writes records to a file, one line each, with backpressure: lines are batched into chunks and the loop waits
 * for `drain` whenever the stream's buffer is full, so memory stays constant whatever the count. Resolves with
 * the number of records written once the file is flushed and closed.
 */
export async function writeLines<T>(path: string, records: Iterable<T>, serialise: (record: T) => string, options: WriteLinesOptions = {}): Promise<number> {
  const stream = createWriteStream(path, { highWaterMark: 4 * 1024 * 1024 });
  const started = performance.now();
  const every = options.progressEvery ?? 250_000;
  const size = Math.max(options.chunkBytes ?? 4 << 20, 1 << 16);
  let buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  let written = 0;
  let bytes = 0;
  const flush = async () => {
    if (offset === 0) return;
    const full = buffer.subarray(0, offset);
    bytes += offset;
    buffer = Buffer.allocUnsafe(size);
    offset = 0;
    if (!stream.write(full)) await once(stream, 'drain');
  };
  // Lines are encoded straight into a chunk buffer: one UTF-8 pass per line, no joined strings to flatten.
  const append = async (line: string) => {
    if (offset + line.length * 3 + 1 > size) await flush();
    if (line.length * 3 + 1 > size) {
      bytes += Buffer.byteLength(line) + 1;
      if (!stream.write(`${line}\n`)) await once(stream, 'drain');
      return;
    }
    offset += buffer.write(line, offset, 'utf8');
    buffer[offset] = 10;
    offset += 1;
  };
  if (options.header !== undefined) await append(options.header);
  try {
    for (const record of records) {
      const line = serialise(record);
      if (offset + line.length * 3 + 1 > size) await append(line);
      else {
        offset += buffer.write(line, offset, 'utf8');
        buffer[offset] = 10;
        offset += 1;
      }
      written += 1;
      if (options.onProgress && written % every === 0) {
        options.onProgress({ written, total: options.total, elapsedMs: performance.now() - started, bytes });
      }
    }
    await flush();
    stream.end();
    await once(stream, 'finish');
  } catch (error) {
    stream.destroy();
    throw error;
  }
  options.onProgress?.({ written, total: options.total, elapsedMs: performance.now() - started, bytes });
  return written;
}
