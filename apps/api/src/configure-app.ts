import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { assignRequestId, ProblemDetailsFilter, validationExceptionFactory } from '@app/common';
import { ATTACHMENT_MEDIA_TYPES, MAX_ATTACHMENT_BYTES } from './proposals/attachment-limits';

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'api/docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ACIE Joint Call Engine API')
    .setDescription(
      'Interregional joint funding calls: fund alignment, proposals, review, funding decision, monitoring. ' +
        'Errors are RFC 9457 application/problem+json with every offending field or rule listed.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .addGlobalResponse({
      status: 429,
      description:
        'Rate limit (per caller across routes, and overall per API process): problem+json naming the limit, with Retry-After in seconds. Health is never limited.',
    })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Everything the HTTP edge needs besides its modules: pino logger, `/api/v1` prefix, the strict
 * validation pipe (STYLE convention 9), the problem+json filter, OpenAPI at `/api/docs`.
 * `main.ts` and the e2e tests call this same function.
 */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.use(assignRequestId);
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
