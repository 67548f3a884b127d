import type { Finding, Severity } from './review-checks';

/** What the review assistant sends an external model service: the case as the rules saw it, and their findings. */
export interface ModelRequest {
  applicationNumber: string;
  itemCode: string;
  itemName: string;
  applicant: { kind: string; name: string; idNumber: string };
  formData: Record<string, unknown>;
  materials: Array<{ materialId: string; name: string; kind: string; fileId?: string | null; mediaType?: string | null; size?: number | null; licenceType?: string | null }>;
  findings: Finding[];
}

/** How a call of the model went, kept with the report. */
export interface ModelOutcome {
  status: 'off' | 'ok' | 'timeout' | 'error';
  name?: string;
  latencyMs?: number;
  error?: string;
  findings: Finding[];
}

/**
 * An external review model (AI checks): given the case, answers extra findings. Implementations must honour the
 * abort signal; the review assistant falls back to its rules alone when a call fails or takes too long.
 */
export interface ReviewModel {
  readonly name: string;
  review(request: ModelRequest, signal: AbortSignal): Promise<unknown>;
}

/** A model's findings never fail a case on their own: at most they ask a clerk to look (warning). */
const MODEL_SEVERITIES: Record<string, Severity> = { error: 'warning', warning: 'warning', info: 'info' };

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * Reads a model's answer `{ findings: [{ ruleId, severity, message: { zh, en }, evidence?, materialId?, field? }] }`,
 * keeping the well-formed entries (at most 50), prefixing rule ids with `model.` and capping severities at warning.
 */
export function parseModelFindings(answer: unknown): Finding[] {
  const entries = (answer as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(entries)) throw new Error('the model answered no findings array');
  const findings: Finding[] = [];
  for (const entry of entries.slice(0, 50) as Array<Record<string, unknown>>) {
    const message = entry?.message as { zh?: unknown; en?: unknown } | undefined;
    if (!entry || !isText(entry.ruleId, 100) || !isText(message?.zh, 1000) || !isText(message?.en, 1000)) continue;
    const severity = MODEL_SEVERITIES[String(entry.severity)] ?? 'info';
    const evidence = entry.evidence !== null && typeof entry.evidence === 'object' && !Array.isArray(entry.evidence) ? JSON.stringify(entry.evidence) : '{}';
    findings.push({
      ruleId: `model.${entry.ruleId.replace(/^model\./, '')}`,
      severity,
      message: { zh: message!.zh as string, en: message!.en as string },
      evidence: evidence.length <= 4000 ? JSON.parse(evidence) as Record<string, unknown> : { truncated: true },
      source: 'model',
      ...(isText(entry.materialId, 64) ? { materialId: entry.materialId } : {}),
      ...(isText(entry.field, 300) ? { field: entry.field } : {}),
    });
  }
  return findings;
}

/** An external model service over HTTP: `POST <url>` with the request as JSON, answering findings as JSON. */
export class HttpReviewModel implements ReviewModel {
  readonly name: string;

  constructor(private readonly options: { url: string; token?: string; fetch?: typeof fetch }) {
    this.name = new URL(options.url).host;
  }

  async review(request: ModelRequest, signal: AbortSignal): Promise<unknown> {
    const doFetch = this.options.fetch ?? fetch;
    const response = await doFetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) },
      body: JSON.stringify(request),
      signal,
    });
    if (!response.ok) throw new Error(`the model service answered HTTP ${response.status}`);
    return response.json() as Promise<unknown>;
  }
}

/**
 * Asks the model with a time limit. Never throws: a model that is off, fails, answers nonsense or is too slow gives
 * no findings and says why (`status`), so the review goes on with its rules alone.
 */
export async function consultModel(model: ReviewModel | undefined, request: ModelRequest, timeoutMs: number): Promise<ModelOutcome> {
  if (!model) return { status: 'off', findings: [] };
  const started = Date.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' }));
    }, timeoutMs);
  });
  try {
    const answer = await Promise.race([model.review(request, controller.signal), timeout]);
    return { status: 'ok', name: model.name, latencyMs: Date.now() - started, findings: parseModelFindings(answer) };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError' || controller.signal.aborted;
    return { status: timedOut ? 'timeout' : 'error', name: model.name, latencyMs: Date.now() - started, error: (error as Error).message.slice(0, 500), findings: [] };
  } finally {
    clearTimeout(timer);
  }
}
