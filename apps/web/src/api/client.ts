import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { apiErrorFrom } from './problem';
import { getAccessToken, setAccessToken } from './session';

/** The header a cross-site form cannot send: the API refuses cookie-carrying state changes without it. */
export const CSRF_HEADER = 'X-ACIE-CSRF';
const REFRESH_PATH = '/api/v1/auth/refresh';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let refreshing: Promise<boolean> | null = null;

/**
 * Asks for a new access token with the HttpOnly refresh cookie (one request at a time however many
 * calls got a 401 together). False when there is no session to renew.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await fetch(REFRESH_PATH, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { [CSRF_HEADER]: '1' },
      });
      if (!response.ok) {
        setAccessToken(null);
        return false;
      }
      const body = (await response.json()) as { accessToken?: string };
      setAccessToken(body.accessToken ?? null);
      return Boolean(body.accessToken);
    } catch {
      setAccessToken(null);
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function withCredentials(request: Request): Request {
  const headers = new Headers(request.headers);
  const token = getAccessToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (STATE_CHANGING.has(request.method)) headers.set(CSRF_HEADER, '1');
  return new Request(request, { headers, credentials: 'same-origin' });
}

/** Bearer token and CSRF header on every request the client sends. */
const authMiddleware: Middleware = {
  onRequest({ request }) {
    return withCredentials(request);
  },
};

/**
 * One renewal on a 401 with a session: the request is sent again with the new token. A copy is kept
 * before sending because a sent body cannot be read twice.
 */
async function fetchWithRenewal(input: Request): Promise<Response> {
  const copy = input.clone();
  const response = await fetch(input);
  if (response.status !== 401 || !getAccessToken() || new URL(input.url).pathname.startsWith('/api/v1/auth/'))
    return response;
  if (!(await refreshSession())) return response;
  return fetch(withCredentials(copy));
}

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: fetchWithRenewal });
api.use(authMiddleware);

/** The data of an openapi-fetch answer, or the server's problem+json thrown as an ApiError. */
export async function unwrap<T>(result: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await result;
  // openapi-fetch has read the body already: its `error` is the parsed problem+json.
  if (error !== undefined || !response.ok) throw apiErrorFrom(response.status, error);
  return data as T;
}
