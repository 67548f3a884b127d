import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { toFieldIssues } from '@tongban/schemas';
import { AppError, type ErrorDetail } from '../errors/catalogue';

const locationOf = (context: string | undefined): ErrorDetail['location'] =>
  context === 'body' || context === 'querystring' || context === 'params' || context === 'headers' ? context : undefined;

/** Maps an error fastify itself raised (parsing, limits) to a catalogue error, or undefined for unknown ones. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const location = locationOf(error.validationContext);
    const details = toFieldIssues(error.validation as unknown as Parameters<typeof toFieldIssues>[0]).map((issue) => ({
      path: issue.path,
      code: issue.code,
      message: issue.message,
      ...(location ? { location } : {}),
    }));
    return new AppError('TB_REQUEST_INVALID', { details, ...(details[0] ? { path: details[0].path } : {}) });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('TB_REQUEST_MALFORMED_JSON', { path: '' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('TB_REQUEST_BODY_TOO_LARGE', { path: '' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('TB_REQUEST_UNSUPPORTED_MEDIA_TYPE', { path: '' });
    default:
      break;
  }
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
    return new AppError('TB_REQUEST_MALFORMED_JSON', { path: '' });
  }
  if (error.statusCode === 429) return new AppError('TB_REQUEST_RATE_LIMITED');
  // PostgreSQL gave up one of two racing transactions (deadlock, serialization): the client may retry.
  const sqlState = (error as { code?: string }).code;
  if (sqlState === '40P01' || sqlState === '40001' || sqlState === '55P03') return new AppError('TB_REQUEST_CONFLICT');
  // Data PostgreSQL cannot store (a value out of range, text it cannot encode): the input was bad, nothing was kept.
  if (sqlState === '22003' || sqlState === '22021' || sqlState === '22P05' || sqlState === '22001' || sqlState === '22008') {
    return new AppError('TB_REQUEST_INVALID');
  }
  return undefined;
}

/** JSON Pointer of the first string (or key) holding a NUL character, or undefined. */
function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findNul(value[i], `${path}/${i}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const keyPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key.includes('\u0000')) return keyPath;
    const found = findNul(item, keyPath, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The root error handler: every 4xx body has the same shape (`{ code, message: { zh, en }, path?, details? }`);
 * unknown errors become a 500 carrying the request id, with the stack logged and never sent.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof AppError ? error : fromFastifyError(error);
    if (known) {
      if (known.statusCode >= 500) request.log.error({ err: error }, known.message);
      return reply.status(known.statusCode).send(known.toBody(request.id));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.warn({ err: error }, 'unmapped client error');
      return reply.status(error.statusCode).send({
        code: 'TB_REQUEST_INVALID',
        message: { zh: '请求不符合要求', en: error.message },
        requestId: request.id,
      });
    }
    // No database connection came free in time: the command never started (or rolled back), so a retry — with the
    // same Idempotency-Key for a submission — is safe. Logged as an error: the pool is too small for the load.
    if ((error as Error).name === 'KnexTimeoutError') {
      request.log.error({ err: error }, 'database pool exhausted');
      return reply.status(503).header('retry-after', '1').send(new AppError('TB_SERVICE_BUSY').toBody(request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({
      code: 'TB_INTERNAL',
      message: {
        zh: `服务器内部错误，请联系运维并提供请求编号 ${request.id}`,
        en: `Internal error; report request id ${request.id} to the operators`,
      },
      requestId: request.id,
    });
  });

  // PostgreSQL text cannot hold NUL: refuse it with its path before any handler runs.
  app.addHook('preValidation', async (request) => {
    for (const [location, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const path = findNul(value, '');
      if (path !== undefined) {
        throw new AppError('TB_REQUEST_CONTROL_CHARACTER', {
          path,
          details: [{ path, code: 'TB_REQUEST_CONTROL_CHARACTER', location, message: { zh: '含有 NUL 字符', en: 'contains NUL' } }],
        });
      }
    }
  });

  app.setNotFoundHandler((request, reply) => {
    // The designer's client-side routes: any page GET outside the API gets the app's index.html.
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && String(request.headers.accept ?? '').includes('text/html');
    if (wantsPage && app.designerRoot) return reply.type('text/html').sendFile('index.html', app.designerRoot);
    const error = new AppError('TB_REQUEST_NOT_FOUND', { params: { method: request.method, url: request.url.split('?')[0] } });
    return reply.status(404).send(error.toBody(request.id));
  });
}, { name: 'tongban-errors' });
