/**
 * The one `@tongban/client` instance of the designer. Same-origin: the runtime serves the designer at `/` and the API
 * at `/api/v1` (Vite proxies `/api` in development). The token comes from the auth store through
 * {@link setTokenSource}, so this module never imports a store.
 */
import { ApiError, createClient, type TongbanClient } from '@tongban/client';

export { ApiError };

/** Where the bearer token comes from; set once by the auth store. */
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

/** The typed runtime client every `src/api/*` wrapper goes through. */
export const api: TongbanClient = createClient({
  baseUrl: '',
  token: () => tokenSource() ?? undefined,
  onError: (error) => {
    if (error.status === 401) unauthorizedHandler();
  },
});

/** Whether a failure is the runtime's error with this code. */
export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
