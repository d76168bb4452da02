import { BadRequestException, type ValidationError } from '@nestjs/common';
import type { ProblemFieldError } from './problem-details';

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

/** Flattens class-validator's tree into one entry per failed constraint, with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ProblemFieldError[] {
  const out: ProblemFieldError[] = [];
  for (const error of errors) {
    const path = childPath(parent, error.property);
    for (const [code, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field: path, code, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/** `exceptionFactory` for the global ValidationPipe. */
export function validationExceptionFactory(errors: ValidationError[]): ValidationProblemException {
  return new ValidationProblemException(flattenValidationErrors(errors));
}
