import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { assignRequestId, ProblemDetailsFilter, validationExceptionFactory } from '@app/common';
import { AppConfig } from '@app/config';
import { CSRF_HEADER, REFRESH_COOKIE, requireCsrfHeaderWithCookie } from './auth/browser-session';
import { REFRESH_COOKIE_SCHEME } from './auth/browser-session.openapi';
import { addProblemResponses } from './openapi/problem-responses';
import { ATTACHMENT_MEDIA_TYPES, MAX_ATTACHMENT_BYTES } from './proposals/attachment-limits';
import { securityHeaders } from './web-app/security-headers';
import { serveWebApp } from './web-app/serve-web-app';

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'api/docs';

/**
 * The OpenAPI document: every operation describes its success body and its problem+json error responses
 * (status by status, with the codes it can answer with); `test/e2e/openapi-document.e2e-spec.ts` holds it to
 * that, and the web app's types are generated from it (`npm run api:types`).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ACIE Joint Call Engine API')
    .setDescription(
      'Interregional joint funding calls: fund alignment, proposals, review, funding decision, monitoring. ' +
        'Errors are RFC 9457 application/problem+json (`ProblemDetails`) with every offending field or rule listed; ' +
        'each operation names the statuses and stable problem codes it can answer with. ' +
        'Rate limits (per caller across routes, and overall per API process) answer 429 with Retry-After in seconds; ' +
        'health is never limited.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .addCookieAuth(
      REFRESH_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: REFRESH_COOKIE,
        description:
          'Browser sessions: the refresh token as an HttpOnly, SameSite=Strict cookie on /api/v1/auth, ' +
          `set by login with ${CSRF_HEADER}: 1. Every POST/PUT/PATCH/DELETE that carries it must send ` +
          `${CSRF_HEADER}: 1 (else 403 CSRF_HEADER_REQUIRED).`,
      },
      REFRESH_COOKIE_SCHEME,
    )
    .build();
  return addProblemResponses(SwaggerModule.createDocument(app, config), app);
}

/**
 * Everything the HTTP edge needs besides its modules: pino logger, security headers, the browser
 * session's cookie and CSRF check, `/api/v1` prefix, the strict validation pipe (STYLE convention 9),
 * the problem+json filter, OpenAPI at `/api/docs`, and the built web app at `/`.
 * `main.ts` and the e2e tests call this same function.
 */
export function configureApp(app: INestApplication): INestApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  (app.getHttpAdapter().getInstance() as { disable?: (setting: string) => void }).disable?.('x-powered-by');
  app.use(assignRequestId);
  app.use(securityHeaders(config, DOCS_PATH));
  app.use(cookieParser());
  app.use(requireCsrfHeaderWithCookie);
  // Before Nest's routes, which it lets through (see serveWebApp).
  for (const handler of serveWebApp(config.WEB_DIST_DIR, { api: API_PREFIX, docs: DOCS_PATH })) app.use(handler);
  // Attachments arrive as raw bodies of their own media type (JSON stays on the default parser).
  (app as INestApplication & { useBodyParser?: (type: string, options: object) => void }).useBodyParser?.('raw', {
    type: ATTACHMENT_MEDIA_TYPES,
    limit: MAX_ATTACHMENT_BYTES,
  });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The factory finds each constraint's arguments (its params) through the class of the error's
      // target; it copies only field, code, message and params, never the target itself.
      validationError: { target: true },
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
  return app;
}
