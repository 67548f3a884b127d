import type { FastifyServerOptions } from 'fastify';

/** Resident ID numbers (18 characters, GB 11643 shape) anywhere in a logged string. */
const RESIDENT_ID = /\b([1-9]\d{5})(\d{8})(\d{3}[\dX])\b/g;

/** Masks every resident ID number in a string, keeping the region (first 6) and last 4 characters. */
export function maskIdentifiers(text: string): string {
  return text.replace(RESIDENT_ID, (_match, region: string, _birth: string, tail: string) => `${region}********${tail}`);
}

/** Deep copy of a log object with every string masked (bounded depth; cycles become '[cycle]'). */
export function maskDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskIdentifiers(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return { type: value.name, message: maskIdentifiers(value.message), stack: value.stack ? maskIdentifiers(value.stack) : undefined, code: (value as { code?: unknown }).code };
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = maskDeep(item, depth + 1, seen);
  return out;
}

/**
 * pino options of the runtime: JSON logs with the request id (fastify's `reqId`), the user and the application
 * number where a route adds them, and resident ID numbers masked in every field and message — including request
 * URLs such as the public progress lookup's query string. Authorization headers are never logged.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: '[redacted]' },
    serializers: {
      req: (request: { method?: string; url?: string; ip?: string; raw?: { url?: string; method?: string } }) => ({
        method: request.method ?? request.raw?.method,
        url: maskIdentifiers(String(request.url ?? request.raw?.url ?? '')),
        ...(request.ip ? { remoteAddress: request.ip } : {}),
      }),
    },
    formatters: {
      log: (object: Record<string, unknown>) => maskDeep(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args: unknown[], method: (...parameters: unknown[]) => void) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskIdentifiers(arg) : arg)));
      },
    },
  };
}
