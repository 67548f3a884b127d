/**
 * `@tongban/client`: a typed HTTP client of the Tongban runtime API, used by the designer, the examples and the
 * tests. Request bodies are the contracts of `@tongban/schemas`; responses are its API views, so the types come
 * from the same JSON Schemas the runtime validates and serialises with.
 */
import type {
  ActivatedJob, ApplicationList, ApplicationSubmission, ApplicationView, ErrorBody, Item, ItemSummary, PrincipalView,
  Progress, StoredFileView, SubmissionReceipt, SubmittedMaterial, TaskCompletionResult, TaskDetail, TaskList, TaskView, Timeline,
} from '@tongban/schemas';
import type {
  AuditEntry, ChangeKind, ChangePage, ChangeSet, ChangeSetStatus, ChangeSetValidation, ImplementationRevision, ImportReport,
  ItemBundleFile, ItemOverview, PatchOperation, SavedDraft, ValidationReport, VersionContent, VersionDiff, VersionView,
} from './management';
import type {
  ClockView, DrillDown, EvaluationSummary, EvaluationView, Figures, FiguresGroupBy, LicenceVerification, LicenceView, OverdueList,
  PeriodQuery, Ranking, RectificationView, SupervisionSettings, SupervisionWarning,
} from './supervision';

import type { ParallelBranchesView, ReviewHistoryView } from './collaboration';

export type * from './collaboration';
export type * from './management';
export type * from './supervision';

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

/** What a request carries. */
interface CallInit {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

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

  async function send(method: string, path: string, init: CallInit): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let body: BodyInit | undefined;
    if (init.body instanceof FormData) body = init.body;
    else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    let response: Response;
    try {
      response = await doFetch(`${base}/api/v1${path}${queryString(init.query)}`, { method, headers, ...(body === undefined ? {} : { body }), ...(init.signal ? { signal: init.signal } : {}) });
    } catch (cause) {
      if (cause instanceof Error && cause.name === 'AbortError') throw cause;
      const error = new ApiError(0, { code: 'TB_NETWORK_UNREACHABLE', message: { zh: '无法连接服务器，请检查网络或稍后重试', en: 'the server cannot be reached' } });
      options.onError?.(error);
      throw error;
    }
    if (!response.ok) {
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) as unknown : undefined;
      } catch {
        parsed = undefined;
      }
      const isBody = typeof parsed === 'object' && parsed !== null && 'code' in parsed && 'message' in parsed;
      const error = new ApiError(response.status, isBody ? parsed as ErrorBody : { code: 'TB_HTTP_ERROR', message: { zh: `服务器返回错误（${response.status}）`, en: `the server answered ${response.status}` } });
      options.onError?.(error);
      throw error;
    }
    return response;
  }

  async function request<T>(method: string, path: string, init: CallInit = {}): Promise<T> {
    const response = await send(method, path, init);
    const text = await response.text();
    return (text ? JSON.parse(text) as unknown : undefined) as T;
  }

  /** GETs a file (exports): its content and the name the server suggests. */
  async function download(path: string, query?: Query): Promise<{ blob: Blob; fileName: string | null }> {
    const response = await send('GET', path, { query, headers: { accept: '*/*' } });
    const disposition = response.headers.get('content-disposition') ?? '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    return { blob: await response.blob(), fileName: match ? decodeURIComponent(match[1]!) : null };
  }

  const encode = encodeURIComponent;
  return {
    /** Low-level access for routes this client does not wrap yet. */
    request,
    /** Low-level download of a file route (exports), with the bearer token. */
    download,
    /**
     * The URL of a server-sent event stream, for `EventSource`. EventSource cannot send headers and a bearer token
     * in a URL ends up in logs, so a stream that needs the caller takes a one-time ticket in the query (see
     * `supervision.streamTicket`).
     */
    streamUrl: (path: string, query: Query = {}) => `${base}/api/v1${path}${queryString(query)}`,
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
      clock: (id: string) => request<ClockView>('GET', `/applications/${encode(id)}/clock`),
      evaluations: (id: string) => request<{ evaluations: EvaluationView[]; evaluable: string[] }>('GET', `/applications/${encode(id)}/evaluations`),
      /** The review assistant's reports (issue #9), newest first. */
      review: (id: string) => request<ReviewHistoryView>('GET', `/applications/${encode(id)}/review`),
      /** The branches of a parallel approval (issue #9). */
      branches: (id: string) => request<ParallelBranchesView>('GET', `/applications/${encode(id)}/branches`),
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
    /** Item management (issue #5, docs/items.md): validation, drafts, review, publication, history, change sets. */
    manage: {
      validate: (content: VersionContent & { itemCode?: string }, signal?: AbortSignal) =>
        request<ValidationReport>('POST', '/manage/validate', { body: content, ...(signal ? { signal } : {}) }),
      createItem: (content: VersionContent & { reason: string }) => request<SavedDraft>('POST', '/manage/items', { body: content }),
      overview: (code: string) => request<ItemOverview>('GET', `/manage/items/${encode(code)}`),
      version: (code: string, version: number) => request<VersionView>('GET', `/manage/items/${encode(code)}/versions/${version}`),
      openDraft: (code: string, reason: string, basedOn?: number) =>
        request<VersionView>('POST', `/manage/items/${encode(code)}/draft`, { body: { reason, ...(basedOn === undefined ? {} : { basedOn }) } }),
      draft: (code: string) => request<VersionView>('GET', `/manage/items/${encode(code)}/draft`),
      /** Saves the draft; with `rev`, a draft saved by someone else since is a 409 (`TB_REQUEST_CONFLICT`). */
      saveDraft: (code: string, content: VersionContent & { rev?: number; reason?: string }) =>
        request<SavedDraft>('PUT', `/manage/items/${encode(code)}/draft`, { body: content }),
      discardDraft: (code: string, reason: string) => request<void>('POST', `/manage/items/${encode(code)}/draft/discard`, { body: { reason } }),
      submit: (code: string, reason: string) => request<VersionView>('POST', `/manage/items/${encode(code)}/draft/submit`, { body: { reason } }),
      approve: (code: string, reason: string) => request<VersionView>('POST', `/manage/items/${encode(code)}/draft/approve`, { body: { reason } }),
      returnDraft: (code: string, reason: string) => request<VersionView>('POST', `/manage/items/${encode(code)}/draft/return`, { body: { reason } }),
      publish: (code: string, reason: string, effectiveFrom?: string) =>
        request<{ version: VersionView; eventId: number }>('POST', `/manage/items/${encode(code)}/draft/publish`, { body: { reason, ...(effectiveFrom ? { effectiveFrom } : {}) } }),
      withdrawVersion: (code: string, version: number, reason: string) =>
        request<{ versions: number[]; eventId: number }>('POST', `/manage/items/${encode(code)}/versions/${version}/withdraw`, { body: { reason } }),
      withdrawItem: (code: string, reason: string) => request<{ versions: number[]; eventId: number }>('POST', `/manage/items/${encode(code)}/withdraw`, { body: { reason } }),
      rollback: (code: string, version: number, reason: string) =>
        request<VersionView>('POST', `/manage/items/${encode(code)}/versions/${version}/rollback`, { body: { reason } }),
      diff: (code: string, from: number | 'draft', to: number | 'draft') =>
        request<VersionDiff>('GET', `/manage/items/${encode(code)}/diff`, { query: { from: String(from), to: String(to) } }),
      audit: (code: string, query: { before?: number; limit?: number } = {}) => request<{ entries: AuditEntry[] }>('GET', `/manage/items/${encode(code)}/audit`, { query }),
      implementations: (code: string) => request<{ implementations: ImplementationRevision[] }>('GET', `/manage/items/${encode(code)}/implementations`),
      changeSets: {
        create: (title: string, reason: string) => request<ChangeSet>('POST', '/manage/change-sets', { body: { title, reason } }),
        list: (query: { status?: ChangeSetStatus; limit?: number; offset?: number } = {}) => request<{ changeSets: ChangeSet[] }>('GET', '/manage/change-sets', { query }),
        get: (id: string) => request<ChangeSet>('GET', `/manage/change-sets/${encode(id)}`),
        addItems: (id: string, items: Array<{ code: string; patch?: PatchOperation[] }>, reason?: string) =>
          request<ChangeSet>('POST', `/manage/change-sets/${encode(id)}/items`, { body: { items, ...(reason ? { reason } : {}) } }),
        removeItem: (id: string, code: string) => request<ChangeSet>('DELETE', `/manage/change-sets/${encode(id)}/items/${encode(code)}`),
        validate: (id: string) => request<ChangeSetValidation>('POST', `/manage/change-sets/${encode(id)}/validate`),
        submit: (id: string, reason: string) => request<ChangeSet>('POST', `/manage/change-sets/${encode(id)}/submit`, { body: { reason } }),
        approve: (id: string, reason: string) => request<ChangeSet>('POST', `/manage/change-sets/${encode(id)}/approve`, { body: { reason } }),
        returnSet: (id: string, reason: string) => request<ChangeSet>('POST', `/manage/change-sets/${encode(id)}/return`, { body: { reason } }),
        discard: (id: string, reason: string) => request<ChangeSet>('POST', `/manage/change-sets/${encode(id)}/discard`, { body: { reason } }),
        publish: (id: string, reason: string, effectiveFrom?: string) =>
          request<{ changeSet: ChangeSet; eventId: number }>('POST', `/manage/change-sets/${encode(id)}/publish`, { body: { reason, ...(effectiveFrom ? { effectiveFrom } : {}) } }),
      },
      exportBundle: (codes?: string[]) => request<ItemBundleFile>('GET', '/manage/export', { query: { codes: codes?.join(',') } }),
      importBundle: (bundle: ItemBundleFile, reason: string) => request<ImportReport>('POST', '/manage/import', { body: { bundle, reason } }),
    },
    /** The public change feed of item publications, withdrawals, migrations and imports. */
    changes: {
      page: (query: { after?: number; limit?: number; item?: string; kind?: ChangeKind } = {}) => request<ChangePage>('GET', '/changes', { query }),
    },
    /** Supervision (issue #8, docs/supervision.md): live figures, overdue cases, ranking, evaluations. */
    supervision: {
      /** A one-time ticket (valid 60 s) for `streamUrl('/supervision/stream', { ticket })`; take a new one per connection. */
      streamTicket: () => request<{ ticket: string; expiresAt: string }>('POST', '/supervision/stream/tickets'),
      settings: () => request<SupervisionSettings>('GET', '/supervision/settings'),
      figures: (query: DrillDown & PeriodQuery & { groupBy?: FiguresGroupBy } = {}) => request<Figures>('GET', '/supervision/figures', { query: { ...query } }),
      overdue: (query: DrillDown & { state?: 'overdue' | 'due-soon' | 'late'; limit?: number; offset?: number } = {}) =>
        request<OverdueList>('GET', '/supervision/overdue', { query: { ...query } }),
      warnings: (query: DrillDown & { warningLevel?: 'yellow' | 'red'; since?: string; limit?: number } = {}) =>
        request<{ items: SupervisionWarning[] }>('GET', '/supervision/warnings', { query: { ...query } }),
      ranking: (query: PeriodQuery & { by?: 'department' | 'district'; weights?: string; department?: string; district?: string } = {}) =>
        request<Ranking>('GET', '/supervision/ranking', { query: { ...query } }),
      exportRanking: (query: PeriodQuery & { by?: 'department' | 'district'; format?: 'csv' | 'xlsx'; lang?: 'zh' | 'en'; weights?: string } = {}) =>
        download('/supervision/ranking/export', { ...query }),
      evaluationSummary: (query: PeriodQuery & { by?: 'department' | 'district'; department?: string; district?: string } = {}) =>
        request<EvaluationSummary>('GET', '/supervision/evaluations/summary', { query: { ...query } }),
    },
    evaluations: {
      list: (query: { department?: string; district?: string; grade?: string; bad?: boolean; from?: string; to?: string; limit?: number; offset?: number } = {}) =>
        request<{ total: number; items: EvaluationView[] }>('GET', '/evaluations', { query }),
      rectifications: (query: { status?: string; overdue?: boolean; department?: string; district?: string; limit?: number; offset?: number } = {}) =>
        request<{ total: number; items: RectificationView[] }>('GET', '/rectifications', { query }),
    },
    licences: {
      mine: (typeCode?: string) => request<{ licences: LicenceView[] }>('GET', '/licences/mine', { query: { typeCode } }),
      ofHolder: (holderIdNumber: string, query: { typeCode?: string; valid?: boolean; limit?: number } = {}) =>
        request<{ licences: LicenceView[] }>('GET', '/licences', { query: { holderIdNumber, ...query } }),
      get: (identifier: string) => request<LicenceView>('GET', `/licences/${encode(identifier)}`),
      verify: (input: { identifier?: string; payload?: string }) => request<LicenceVerification>('POST', '/licences/verify', { body: input }),
    },
    incidents: {
      list: (query: { limit?: number; offset?: number } = {}) => request<{ items: Array<{ id: string; applicationId: string; applicationNumber: string; jobId: string | null; elementId: string; kind: string; message: string; createdAt: string }>; total: number }>('GET', '/incidents', { query }),
      resolve: (id: string, retries?: number) => request<{ ok: boolean }>('POST', `/incidents/${encode(id)}/resolve`, { body: retries === undefined ? {} : { retries } }),
    },
  };
}

/** The client's type. */
export type TongbanClient = ReturnType<typeof createClient>;
