/**
 * `@tongban/client`: a typed HTTP client of the Tongban runtime API, used by the designer, the examples and the
 * tests. Request bodies are the contracts of `@tongban/schemas`; responses are its API views, so the types come
 * from the same JSON Schemas the runtime validates and serialises with.
 */
import type {
  ActivatedJob, ApplicationList, ApplicationSubmission, ApplicationView, ErrorBody, Item, ItemSummary, PrincipalView,
  Progress, StoredFileView, SubmissionReceipt, SubmittedMaterial, TaskCompletionResult, TaskDetail, TaskList, TaskView, Timeline,
} from '@tongban/schemas';

/** An error answer of the API: its HTTP status and the common error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    super(`${status} ${body.code}: ${body.message.en}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.body = body;
  }

  /** The failing field (JSON Pointer), when the API named one. */
  get path(): string | undefined {
    return this.body.path;
  }
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Where the runtime is, e.g. `http://127.0.0.1:3000` (empty for same-origin in the browser). */
  baseUrl?: string;
  /** A bearer token, or a function giving the current one. */
  token?: string | (() => string | undefined);
  /** The fetch to use (defaults to the global one). */
  fetch?: typeof fetch;
  /** Called for every error answer before it is thrown (e.g. to log out on 401). */
  onError?: (error: ApiError) => void;
}

type Query = Record<string, string | number | boolean | undefined>;

const queryString = (query: Query | undefined) => {
  if (!query) return '';
  const entries = Object.entries(query).filter(([, value]) => value !== undefined && value !== '');
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString()}`;
};

/** Filters of the catalogue search. */
export interface ItemSearch extends Query {
  q?: string;
  code?: string;
  category?: string;
  subCategory?: string;
  department?: string;
  level?: string;
  region?: string;
  limit?: number;
  offset?: number;
}

/** An item as it applies in a region now. */
export interface ItemDetail {
  code: string;
  version: { id: number; version: number; effectiveFrom: string };
  region?: { code: string; name: string; level: string };
  item: Item;
  forms: Record<string, Record<string, unknown>>;
}

/** A task completion. */
export interface TaskCompletion {
  outcome?: string;
  opinion?: string;
  formData?: Record<string, unknown>;
  missingMaterials?: string[];
}

/** The runtime's health. */
export interface Health {
  status: 'ok';
  database: { kind: 'postgresql' | 'embedded'; version: string };
  counts: Record<string, number>;
}

/**
 * Creates a client. Every method resolves to the response body, or rejects with an {@link ApiError} carrying the
 * API's machine code, bilingual message and field path.
 */
export function createClient(options: ClientOptions = {}) {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const token = () => (typeof options.token === 'function' ? options.token() : options.token);

  async function request<T>(method: string, path: string, init: { body?: unknown; query?: Query; headers?: Record<string, string> } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let body: BodyInit | undefined;
    if (init.body instanceof FormData) body = init.body;
    else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    const response = await doFetch(`${base}/api/v1${path}${queryString(init.query)}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) as unknown : undefined;
    if (!response.ok) {
      const error = new ApiError(response.status, (parsed as ErrorBody | undefined) ?? { code: 'TB_HTTP_ERROR', message: { zh: response.statusText, en: response.statusText } });
      options.onError?.(error);
      throw error;
    }
    return parsed as T;
  }

  const encode = encodeURIComponent;
  return {
    /** Low-level access for routes this client does not wrap yet. */
    request,
    health: () => request<Health>('GET', '/health'),
    auth: {
      login: (username: string, password: string) => request<{ token: string; user: PrincipalView }>('POST', '/auth/login', { body: { username, password } }),
      me: () => request<PrincipalView>('GET', '/auth/me'),
      demoUsers: () => request<{ users: PrincipalView[] }>('GET', '/auth/demo-users'),
    },
    catalogue: {
      items: (search: ItemSearch = {}) => request<{ items: ItemSummary[]; total: number }>('GET', '/items', { query: search }),
      item: (code: string, region?: string) => request<ItemDetail>('GET', `/items/${encode(code)}`, { query: { region } }),
      categories: () => request<{ categories: Array<{ code: string; name: string; audience?: string; children: Array<{ code: string; name: string; items: number }> }> }>('GET', '/categories'),
      departments: (region?: string) => request<{ departments: Array<{ code: string; name: string; shortName: string | null; regionCode: string; level: string }> }>('GET', '/departments', { query: { region } }),
      regions: (parent?: string) => request<{ regions: Array<{ code: string; name: string; level: string; parentCode: string | null }> }>('GET', '/regions', { query: { parent } }),
      licenceTypes: () => request<{ licenceTypes: Array<{ code: string; name: string; issuingDepartment: string; holderKind: string }> }>('GET', '/licence-types'),
    },
    applications: {
      submit: (submission: ApplicationSubmission, idempotencyKey?: string) =>
        request<SubmissionReceipt>('POST', '/applications', { body: submission, ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}) }),
      list: (query: { status?: string; itemCode?: string; number?: string; limit?: number; offset?: number } = {}) => request<ApplicationList>('GET', '/applications', { query }),
      get: (id: string) => request<ApplicationView>('GET', `/applications/${encode(id)}`),
      timeline: (id: string, detail: 'steps' | 'full' = 'steps') => request<Timeline>('GET', `/applications/${encode(id)}/timeline`, { query: { detail } }),
      supplement: (id: string, materials: SubmittedMaterial[]) => request<{ status: string; stage: string }>('POST', `/applications/${encode(id)}/supplement`, { body: { materials } }),
      withdraw: (id: string, reason: string) => request<{ status: string; result: string | null }>('POST', `/applications/${encode(id)}/withdraw`, { body: { reason } }),
      progress: (number: string, idNumber: string) => request<Progress>('GET', '/progress', { query: { number, idNumber } }),
    },
    tasks: {
      list: (query: { status?: string; stage?: string; itemCode?: string; assigned?: 'me' | 'unassigned' | 'any'; limit?: number; offset?: number } = {}) =>
        request<TaskList>('GET', '/tasks', { query }),
      get: (id: string) => request<TaskDetail>('GET', `/tasks/${encode(id)}`),
      claim: (id: string) => request<TaskView>('POST', `/tasks/${encode(id)}/claim`),
      unclaim: (id: string) => request<TaskView>('POST', `/tasks/${encode(id)}/unclaim`),
      delegate: (id: string, userId: string, reason?: string) => request<TaskView>('POST', `/tasks/${encode(id)}/delegate`, { body: { userId, ...(reason ? { reason } : {}) } }),
      complete: (id: string, completion: TaskCompletion) => request<TaskCompletionResult>('POST', `/tasks/${encode(id)}/complete`, { body: completion }),
      return: (id: string, reason: string) => request<TaskCompletionResult>('POST', `/tasks/${encode(id)}/return`, { body: { reason } }),
    },
    files: {
      /** Uploads one material file; answers its sha256 file id. */
      upload: (file: Blob, name: string) => {
        const form = new FormData();
        form.append('file', file, name);
        return request<StoredFileView>('POST', '/files', { body: form });
      },
    },
    jobs: {
      activate: (type: string, worker: string, maxJobs = 10, lockSeconds = 60) => request<{ jobs: ActivatedJob[] }>('POST', '/jobs/activate', { body: { type, worker, maxJobs, lockSeconds } }),
      complete: (id: string, worker: string, variables: Record<string, unknown> = {}) => request<{ ok: boolean }>('POST', `/jobs/${encode(id)}/complete`, { body: { worker, variables } }),
      fail: (id: string, worker: string, retries: number, errorMessage: string, backoffSeconds?: number) =>
        request<{ ok: boolean }>('POST', `/jobs/${encode(id)}/fail`, { body: { worker, retries, errorMessage, ...(backoffSeconds === undefined ? {} : { backoffSeconds }) } }),
      throwError: (id: string, worker: string, errorCode: string, errorMessage?: string) =>
        request<{ ok: boolean }>('POST', `/jobs/${encode(id)}/error`, { body: { worker, errorCode, ...(errorMessage ? { errorMessage } : {}) } }),
    },
    incidents: {
      list: (query: { limit?: number; offset?: number } = {}) => request<{ items: Array<{ id: string; applicationId: string; applicationNumber: string; jobId: string | null; elementId: string; kind: string; message: string; createdAt: string }>; total: number }>('GET', '/incidents', { query }),
      resolve: (id: string, retries?: number) => request<{ ok: boolean }>('POST', `/incidents/${encode(id)}/resolve`, { body: retries === undefined ? {} : { retries } }),
    },
  };
}

/** The client's type. */
export type TongbanClient = ReturnType<typeof createClient>;
