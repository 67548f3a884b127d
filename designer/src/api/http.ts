/**
 * A small typed fetch helper for the runtime API (`/api/v1`). It is a stand-in until `@tongban/client` is ready:
 * the wrappers beside it stay thin so that they can switch to the client without touching the stores.
 */

/** A bilingual message, as every 4xx body of the runtime carries it. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** The runtime's error body: `{ code, message: { zh, en }, path?, details? }`. */
export interface ApiErrorBody {
  code: string;
  message: LocalizedText;
  path?: string;
  details?: { path: string; code: string; message: LocalizedText }[];
}

/** A failed API call: the HTTP status and the runtime's error body (or a synthetic one for network failures). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(`${body.code}: ${body.message.en}`);
    this.name = 'ApiError';
  }
}

/** Where the bearer token comes from; set once by the auth store so this module never imports a store. */
let tokenSource: () => string | null = () => null;
/** Called on a 401 so the app can send the user back to the login page. */
let unauthorizedHandler: () => void = () => {};

/** Sets the function that returns the current bearer token. */
export function setTokenSource(source: () => string | null): void {
  tokenSource = source;
}

/** Sets what happens when the runtime answers 401 (session expired or token revoked). */
export function setUnauthorizedHandler(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Base of every API path; the dev server proxies it to the runtime. */
export const API_BASE = '/api/v1';

/** Options of {@link request}. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query parameters; `undefined` values are left out, arrays repeat the key. */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Builds `path?query` with the API base in front. */
export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const entry of value) params.append(key, String(entry));
    else params.append(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

/**
 * Calls the runtime and returns its JSON body typed as `T`. Non-2xx answers throw an {@link ApiError} with the
 * runtime's error body; a network failure throws one with status 0 and code `TB_NETWORK_UNREACHABLE`.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenSource();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      code: 'TB_NETWORK_UNREACHABLE',
      message: { zh: '无法连接服务器，请检查网络或稍后重试', en: 'the server cannot be reached' },
    });
  }
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401) unauthorizedHandler();
    throw new ApiError(response.status, isErrorBody(body) ? body : {
      code: 'TB_HTTP_ERROR',
      message: { zh: `服务器返回错误（${response.status}）`, en: `the server answered ${response.status}` },
    });
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && 'code' in body && 'message' in body;
}
