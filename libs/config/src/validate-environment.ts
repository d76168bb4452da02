import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError } from './config-error';

type Ctor<T> = new () => T;

function flatten(errors: ValidationError[], raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const given = raw[error.property];
    const shown = given === undefined || given === '' ? 'not set' : `got ${JSON.stringify(given)}`;
    const reasons = [...new Set(Object.values(error.constraints ?? {}))];
    out.push(`${error.property}: ${reasons.join('; ')} (${shown})`);
  }
  return out.sort();
}

/**
 * Validates `env` against a schema class (class-validator decorators, defaults as property
 * initialisers) and returns the typed result, or throws a ConfigError listing every problem.
 * Empty strings count as unset, so `FOO=` falls back to the default.
 */
export function validateEnvironment<T extends object>(schema: Ctor<T>, env: NodeJS.ProcessEnv): T {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const instance = plainToInstance(schema, raw, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
    exposeDefaultValues: true,
  });
  const errors = validateSync(instance, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(flatten(errors, raw));
  // Keep only the schema's own keys: the config object never carries the rest of the environment.
  const known = Object.keys(new schema());
  const result = new schema();
  for (const key of known) (result as Record<string, unknown>)[key] = (instance as Record<string, unknown>)[key];
  return result;
}
