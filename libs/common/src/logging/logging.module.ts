import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino, type DestinationStream } from 'pino';
import { AppConfig } from '@app/config';
import { requestIdFor } from './request-id';

/** Paths masked in every log line (STYLE convention 13). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
];

/** pino JSON logs for the HTTP edge, one line per request with its id. */
@Module({})
export class LoggingModule {
  /** `destination` replaces stdout (tests capture log lines with it). */
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: [
              {
                level: config.LOG_LEVEL,
                genReqId: (req, res) => (req.id as string | undefined) ?? requestIdFor(req, res),
                redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
                customLogLevel: (_req, res, err) =>
                  err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
                serializers: {
                  req: (req: { id: unknown; method: string; url: string }) => ({
                    id: req.id,
                    method: req.method,
                    url: req.url,
                  }),
                  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
                },
              },
              destination ?? pino.destination(1),
            ],
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
