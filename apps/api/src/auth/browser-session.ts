import type { CookieOptions, NextFunction, Request, Response } from 'express';
import type { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter } from '@app/common';

/** The browser's refresh token lives in this cookie only; the access token stays in the page's memory. */
export const REFRESH_COOKIE = 'acie_refresh';
/** A header a cross-site form cannot send: browsers ask for a session with it, and must send it with every change. */
export const CSRF_HEADER = 'X-ACIE-CSRF';
export const CSRF_HEADER_REQUIRED = 'CSRF_HEADER_REQUIRED';
/** The cookie is sent to the auth routes only (refresh, logout), never to the rest of the API. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type CookieConfig = Pick<AppConfig, 'NODE_ENV' | 'REFRESH_TOKEN_TTL_DAYS'>;

/** HttpOnly and SameSite=Strict always; Secure everywhere but development (plain http://localhost). */
export function refreshCookieOptions(config: CookieConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.NODE_ENV !== 'development',
    path: REFRESH_COOKIE_PATH,
    maxAge: config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
  };
}

export function setRefreshCookie(res: Response, config: CookieConfig, token: string): void {
  res.cookie(REFRESH_COOKIE, token, refreshCookieOptions(config));
}

/** Max-Age=0 with the same attributes, so the browser drops the cookie it holds. */
export function clearRefreshCookie(res: Response, config: CookieConfig): void {
  res.cookie(REFRESH_COOKIE, '', { ...refreshCookieOptions(config), maxAge: 0 });
}

export function hasCsrfHeader(req: Pick<Request, 'get'>): boolean {
  return req.get(CSRF_HEADER)?.trim() === '1';
}

export function refreshCookieOf(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Refuses a state-changing request that carries the refresh cookie but not the CSRF header, before
 * any route runs: SameSite=Strict already keeps the cookie off cross-site requests, the header is the
 * second wall (a cross-site form or a simple fetch cannot set it without a CORS preflight we never allow).
 */
export function requireCsrfHeaderWithCookie(req: Request, res: Response, next: NextFunction): void {
  if (!STATE_CHANGING.has(req.method) || refreshCookieOf(req) === undefined || hasCsrfHeader(req)) {
    next();
    return;
  }
  const refusal = new DomainError(
    CSRF_HEADER_REQUIRED,
    `A request that carries the session cookie must send the header ${CSRF_HEADER}: 1.`,
    'forbidden',
    [{ field: CSRF_HEADER, code: CSRF_HEADER_REQUIRED, message: `send ${CSRF_HEADER}: 1` }],
  );
  const requestId = (req as { id?: unknown }).id;
  const problem = new ProblemDetailsFilter().toProblem(refusal, {
    originalUrl: req.originalUrl,
    method: req.method,
    id: requestId === undefined ? undefined : String(requestId),
  });
  res.status(problem.status).type(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`).send(JSON.stringify(problem));
}
