import { BadRequestException, type ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { ProblemFieldError, ProblemParams } from './problem-details';

/** A 400 that carries every field error of a request body, query or path. */
export class ValidationProblemException extends BadRequestException {
  constructor(readonly fieldErrors: ProblemFieldError[]) {
    super('The request has invalid fields.');
  }
}

function childPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

type ConstraintArguments = readonly unknown[] | undefined;

const isScalar = (v: unknown): v is string | number =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const scalar = (name: string, v: unknown): ProblemParams => (isScalar(v) ? { [name]: v } : {});
const dateParam = (name: string, v: unknown): ProblemParams =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? { [name]: v.toISOString() } : {};
const listParam = (v: unknown): ProblemParams =>
  Array.isArray(v) && v.every((x) => isScalar(x) || typeof x === 'boolean') ? { allowed: v.map(String) } : {};

/**
 * The arguments of class-validator's built-in constraints as params, named like the domain's (`min`,
 * `max`, `allowed`), so that a client can word `min`/`isIn`/`length` errors in its own language.
 * Constraints not listed here (and custom ones) get none.
 */
const PARAMS_OF: Record<string, (c: readonly unknown[]) => ProblemParams> = {
  min: (c) => scalar('min', c[0]),
  max: (c) => scalar('max', c[0]),
  minLength: (c) => scalar('min', c[0]),
  maxLength: (c) => scalar('max', c[0]),
  isLength: (c) => ({ ...scalar('min', c[0]), ...scalar('max', c[1]) }),
  arrayMinSize: (c) => scalar('min', c[0]),
  arrayMaxSize: (c) => scalar('max', c[0]),
  isIn: (c) => listParam(c[0]),
  isNotIn: (c): ProblemParams => (Array.isArray(c[0]) ? { disallowed: c[0].map(String) } : {}),
  // isEnum keeps the enum object and its valid values: the values are what the message lists.
  isEnum: (c) => listParam(c[1] ?? (typeof c[0] === 'object' && c[0] !== null ? Object.values(c[0]) : undefined)),
  matches: (c): ProblemParams => (c[0] instanceof RegExp || isScalar(c[0]) ? { pattern: String(c[0]) } : {}),
  minDate: (c) => dateParam('min', c[0]),
  maxDate: (c) => dateParam('max', c[0]),
  isDivisibleBy: (c) => scalar('divisor', c[0]),
  equals: (c) => scalar('expected', c[0]),
};

/** Per validated class: property → constraint name → its arguments (read once from class-validator's metadata). */
// class-validator keys its metadata by constructor:
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const argumentsCache = new WeakMap<Function, Map<string, Map<string, ConstraintArguments>>>();

function constraintArguments(target: unknown, property: string, name: string): ConstraintArguments {
  const ctor = typeof target === 'object' && target !== null ? (target as object).constructor : undefined;
  if (typeof ctor !== 'function' || ctor === Object || ctor === Array) return undefined;
  let byProperty = argumentsCache.get(ctor);
  if (!byProperty) {
    byProperty = new Map();
    for (const m of getMetadataStorage().getTargetValidationMetadatas(ctor, '', true, false)) {
      if (!m.name) continue;
      const byName = byProperty.get(m.propertyName) ?? new Map<string, ConstraintArguments>();
      if (!byName.has(m.name)) byName.set(m.name, Array.isArray(m.constraints) ? m.constraints : undefined);
      byProperty.set(m.propertyName, byName);
    }
    argumentsCache.set(ctor, byProperty);
  }
  return byProperty.get(property)?.get(name);
}

/**
 * The params of one failed constraint. The arguments are not on the ValidationError (only the messages
 * are): they come from the metadata of the validated object's class, found through `error.target`.
 * No target (plain objects, `validationError.target: false`) or an unknown constraint: no params.
 */
function paramsOf(error: ValidationError, code: string): ProblemParams | undefined {
  const toParams = PARAMS_OF[code];
  if (!toParams) return undefined;
  const args = constraintArguments(error.target, error.property, code);
  if (!args) return undefined;
  const params = toParams(args);
  return Object.keys(params).length > 0 ? params : undefined;
}

/**
 * Flattens class-validator's tree into one entry per failed constraint, with dotted paths and, for
 * built-in constraints with arguments, those arguments as `params` (`{ min: 1 }`, `{ allowed: [...] }`).
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ProblemFieldError[] {
  const out: ProblemFieldError[] = [];
  for (const error of errors) {
    const path = childPath(parent, error.property);
    for (const [code, message] of Object.entries(error.constraints ?? {})) {
      const params = paramsOf(error, code);
      out.push(params ? { field: path, code, message, params } : { field: path, code, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/** `exceptionFactory` for the global ValidationPipe. */
export function validationExceptionFactory(errors: ValidationError[]): ValidationProblemException {
  return new ValidationProblemException(flattenValidationErrors(errors));
}
