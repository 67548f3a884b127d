import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { AppError } from '../../errors/catalogue';
import { authenticated, requirePrincipal } from '../../plugins/auth';
import { ACCEPTED_MEDIA_TYPES, contentMatches, FileTooLargeError, type FileStorage } from './storage';

const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;

/** Material uploads: size and type limits, sha256, stored once per content. */
export async function fileRoutes(app: FastifyInstance, options: { storage: FileStorage; maxBytes: number }): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fileSize: options.maxBytes + 1, fields: 5, parts: 6 } });

  app.post('/files', {
    preValidation: authenticated,
    schema: {
      tags: ['files'],
      summary: 'Upload one material file (multipart field `file`); answers its sha256, the id applications refer to',
      security: [{ bearer: [] }],
      consumes: ['multipart/form-data'],
      response: {
        201: {
          type: 'object', additionalProperties: false, required: ['fileId', 'size', 'mediaType'],
          properties: { fileId: { type: 'string' }, size: { type: 'integer' }, mediaType: { type: 'string' }, name: { type: 'string' }, duplicate: { type: 'boolean' } },
        },
        400: errorRef, 401: errorRef, 413: errorRef, 415: errorRef,
      },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    if (!request.isMultipart()) throw new AppError('TB_REQUEST_UNSUPPORTED_MEDIA_TYPE', { path: '/file' });
    const part = await request.file();
    if (!part || part.fieldname !== 'file') throw new AppError('TB_REQUEST_INVALID', { path: '/file' });
    const mediaType = part.mimetype.toLowerCase();
    if (!(mediaType in ACCEPTED_MEDIA_TYPES)) {
      part.file.resume();
      throw new AppError('TB_REQUEST_UNSUPPORTED_MEDIA_TYPE', { path: '/file' });
    }
    let stored;
    try {
      stored = await options.storage.put(part.file, options.maxBytes);
    } catch (error) {
      if (error instanceof FileTooLargeError || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new AppError('TB_REQUEST_BODY_TOO_LARGE', { path: '/file' });
      }
      throw error;
    }
    if (part.file.truncated || stored.size > options.maxBytes) {
      throw new AppError('TB_REQUEST_BODY_TOO_LARGE', { path: '/file' });
    }
    if (!contentMatches(mediaType, stored.head)) {
      // The content is not what its type claims: keep nothing that no record refers to.
      const known = await app.db.knex('stored_file').where({ sha256: stored.sha256 }).first('sha256');
      if (!known) await options.storage.remove(stored.key);
      throw new AppError('TB_REQUEST_UNSUPPORTED_MEDIA_TYPE', { path: '/file' });
    }
    const inserted = await app.db.knex('stored_file')
      .insert({ sha256: stored.sha256, size: stored.size, media_type: mediaType, storage_key: stored.key, uploaded_by: principal.id })
      .onConflict('sha256').ignore().returning('sha256');
    return reply.status(201).send({ fileId: stored.sha256, size: stored.size, mediaType, name: part.filename, duplicate: inserted.length === 0 });
  });
}
