import type { ApiHeaderOptions } from '@nestjs/swagger';
import { CSRF_HEADER, REFRESH_COOKIE } from './browser-session';

/** Name of the cookie security scheme in the OpenAPI document (`addCookieAuth` in configure-app). */
export const REFRESH_COOKIE_SCHEME = 'refreshCookie';

/** The CSRF header on routes that browsers call with the session cookie. */
export const CSRF_HEADER_WITH_COOKIE: ApiHeaderOptions = {
  name: CSRF_HEADER,
  required: false,
  enum: ['1'],
  description: `Required with the ${REFRESH_COOKIE} cookie`,
};
