import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '@app/config';

type HeaderConfig = Pick<AppConfig, 'NODE_ENV'>;
type Directives = NonNullable<Exclude<HelmetOptions['contentSecurityPolicy'], boolean | undefined>['directives']>;

/** One year: the least that HSTS preload lists and scanners accept. */
export const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * The policy of the web app and of every API answer: only our own scripts (no inline script, so an
 * injected `<script>` never runs), no framing, no plugins, requests only to our own origin.
 */
export function appContentSecurityPolicy(): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Mantine writes its theme's CSS variables into a <style> element at run time; styles cannot run
    // code, so inline styles are the price of the component library while scripts stay strict.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    // No upgrade-insecure-requests: HSTS does that job where there is TLS, and the directive would
    // break a plain-http test or development run by rewriting every request to an https that is not there.
  };
}

/**
 * Swagger UI (`/api/docs`) ships an inline stylesheet and icons as data: images, and its setup may
 * inline scripts; it gets a policy of its own so the strict one can stay strict everywhere else.
 */
export function docsContentSecurityPolicy(): Directives {
  return {
    ...appContentSecurityPolicy(),
    'script-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'https:'],
  };
}

function helmetFor(config: HeaderConfig, directives: Directives): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity:
      config.NODE_ENV === 'development' ? false : { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    xContentTypeOptions: true,
    xPoweredBy: true,
  }) as RequestHandler;
}

/** helmet on every answer: the strict policy, and the docs' own one under the docs path. */
export function securityHeaders(config: HeaderConfig, docsPath: string): RequestHandler {
  const strict = helmetFor(config, appContentSecurityPolicy());
  const docs = helmetFor(config, docsContentSecurityPolicy());
  const prefix = `/${docsPath.replace(/^\/+|\/+$/g, '')}`;
  return (req, res, next) => {
    const path = req.path;
    const underDocs = path === prefix || path.startsWith(`${prefix}/`);
    (underDocs ? docs : strict)(req, res, next);
  };
}
