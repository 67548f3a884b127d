import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { ImportInput } from './dataset';

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

/** An import input reading a file, resumable at a byte offset (a CSV file's header is read again on resume). */
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
          header = head.toString('utf8').split('\n', 1)[0]!.replace(/\r$/, '').replace(/^\uFEFF/, '');
        } finally {
          await handle.close();
        }
      }
      return { stream: createReadStream(path, { start: byteOffset, highWaterMark: 1 << 20 }), skipLines: 0, ...(header !== undefined ? { header } : {}) };
    },
  };
}
