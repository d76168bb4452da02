import { Logger } from '@nestjs/common';

// Suites keep Nest's console quiet below warnings; suites that assert on log lines capture pino output.
Logger.overrideLogger(['error', 'warn']);
