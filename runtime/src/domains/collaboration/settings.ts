/**
 * Settings of the collaboration domain (docs/collaboration.md, "Configuration"), read once from the environment.
 * Every one has a default that works without configuration: the external model service is off.
 */
export interface CollaborationSettings {
  /** Who runs `tongban.review-assistant` jobs: the built-in handler (default) or an external worker. */
  reviewAssistant: 'builtin' | 'external';
  /** URL of an external review model service (POST, JSON); unset means rules alone. */
  reviewModelUrl?: string;
  /** Bearer token sent to the model service, if it wants one. */
  reviewModelToken?: string;
  /** How long the review assistant waits for the model service before falling back to rules alone. Default 3 s. */
  reviewModelTimeoutMs: number;
  /** Days an offer stays open when its declaration names none. Default 30. */
  offerDays: number;
  /** A licence expiring within this many days of the review is flagged for attention. Default 30. */
  licenceExpiryWarningDays: number;
}

export const DEFAULT_COLLABORATION_SETTINGS: CollaborationSettings = {
  reviewAssistant: 'builtin',
  reviewModelTimeoutMs: 3000,
  offerDays: 30,
  licenceExpiryWarningDays: 30,
};

const integer = (value: string | undefined, fallback: number, min: number, max: number, name: string): number => {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not "${value}"`);
  return parsed;
};

/**
 * Reads the settings: `TONGBAN_REVIEW_ASSISTANT` (`builtin` | `external`), `TONGBAN_REVIEW_MODEL_URL`,
 * `TONGBAN_REVIEW_MODEL_TOKEN`, `TONGBAN_REVIEW_MODEL_TIMEOUT_MS`, `TONGBAN_OFFER_DAYS`,
 * `TONGBAN_REVIEW_LICENCE_EXPIRY_DAYS`. A malformed value stops the start with the variable's name.
 */
export function loadCollaborationSettings(env: NodeJS.ProcessEnv = process.env): CollaborationSettings {
  const mode = env.TONGBAN_REVIEW_ASSISTANT ?? 'builtin';
  if (mode !== 'builtin' && mode !== 'external') throw new Error(`TONGBAN_REVIEW_ASSISTANT must be builtin or external, not "${mode}"`);
  const url = env.TONGBAN_REVIEW_MODEL_URL?.trim();
  if (url && !/^https?:\/\//.test(url)) throw new Error(`TONGBAN_REVIEW_MODEL_URL must be an http(s) URL, not "${url}"`);
  return {
    reviewAssistant: mode,
    ...(url ? { reviewModelUrl: url } : {}),
    ...(env.TONGBAN_REVIEW_MODEL_TOKEN ? { reviewModelToken: env.TONGBAN_REVIEW_MODEL_TOKEN } : {}),
    reviewModelTimeoutMs: integer(env.TONGBAN_REVIEW_MODEL_TIMEOUT_MS, DEFAULT_COLLABORATION_SETTINGS.reviewModelTimeoutMs, 50, 60_000, 'TONGBAN_REVIEW_MODEL_TIMEOUT_MS'),
    offerDays: integer(env.TONGBAN_OFFER_DAYS, DEFAULT_COLLABORATION_SETTINGS.offerDays, 1, 365, 'TONGBAN_OFFER_DAYS'),
    licenceExpiryWarningDays: integer(env.TONGBAN_REVIEW_LICENCE_EXPIRY_DAYS, DEFAULT_COLLABORATION_SETTINGS.licenceExpiryWarningDays, 0, 365, 'TONGBAN_REVIEW_LICENCE_EXPIRY_DAYS'),
  };
}
