import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationProblemException } from '../problem/validation-problem';

/** `@Param('id', uuidParam('id'))`: a malformed id is a 400 naming the parameter, like any other field. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new ValidationProblemException([{ field: name, code: 'isUuid', message: `${name} must be a UUID` }]),
  });
}
