import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** Where uploaded files live. Disk by default; an S3-compatible store implements the same three methods. */
export interface FileStorage {
  /** Streams a file in, hashing it; stores it once per content. Throws {@link FileTooLargeError} past `maxBytes`. */
  put(content: Readable, maxBytes: number): Promise<{ sha256: string; size: number; key: string; head: Buffer }>;
  /** Streams a stored file out. */
  get(key: string): Readable;
  /** Removes a file written by a put whose record was not kept. */
  remove(key: string): Promise<void>;
}

/** A file over the size limit; nothing of it is kept. */
export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file exceeds ${limit} bytes`);
  }
}

/**
 * Content-addressed files on disk: `<root>/<aa>/<bb>/<sha256>`. A file is written to a temporary name while it is
 * hashed and measured, then renamed into place, so a crash never leaves a half file under a real name and the same
 * content uploaded twice is stored once.
 */
export class DiskFileStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(content: Readable, maxBytes: number) {
    await mkdir(path.join(this.root, 'tmp'), { recursive: true });
    const temporary = path.join(this.root, 'tmp', randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const headChunks: Buffer[] = [];
    let headLength = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) return callback(new FileTooLargeError(maxBytes));
        if (headLength < 16) {
          headChunks.push(chunk.subarray(0, 16 - headLength));
          headLength += Math.min(chunk.length, 16 - headLength);
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(content, meter, createWriteStream(temporary));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    const key = path.join(sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const target = path.join(this.root, key);
    await mkdir(path.dirname(target), { recursive: true });
    const exists = await stat(target).then(() => true, () => false);
    if (exists) await rm(temporary, { force: true });
    else await rename(temporary, target);
    return { sha256, size, key, head: Buffer.concat(headChunks) };
  }

  get(key: string): Readable {
    return createReadStream(path.join(this.root, key));
  }

  async remove(key: string): Promise<void> {
    await rm(path.join(this.root, key), { force: true });
  }
}

/** Media types accepted for materials, with the magic bytes that prove a file is what it claims (where defined). */
export const ACCEPTED_MEDIA_TYPES: Record<string, Buffer[] | null> = {
  'application/pdf': [Buffer.from('%PDF-')],
  'image/png': [Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  'image/jpeg': [Buffer.from([0xff, 0xd8, 0xff])],
  'image/tiff': [Buffer.from('II*\0', 'latin1'), Buffer.from('MM\0*', 'latin1')],
  'application/ofd': [Buffer.from('PK')],
  'application/zip': [Buffer.from('PK')],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [Buffer.from('PK')],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [Buffer.from('PK')],
  'application/msword': [Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
  'application/vnd.ms-excel': [Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
};

/** Whether a file's first bytes match its declared media type. */
export function contentMatches(mediaType: string, head: Buffer): boolean {
  const signatures = ACCEPTED_MEDIA_TYPES[mediaType];
  if (signatures === undefined) return false;
  if (signatures === null) return true;
  return signatures.some((signature) => head.subarray(0, signature.length).equals(signature));
}
