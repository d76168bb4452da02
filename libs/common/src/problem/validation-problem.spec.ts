import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation-problem';

describe('flattenValidationErrors', () => {
  it('gives one entry per failed constraint with dotted and indexed paths', () => {
    const errors: ValidationError[] = [
      { property: 'acronym', constraints: { minLength: 'acronym is too short', isString: 'acronym must be a string' }, children: [] },
      {
        property: 'partners',
        children: [{ property: '1', children: [{ property: 'requestedGrant', constraints: { isInt: 'must be an integer' }, children: [] }] }],
      },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'acronym', code: 'minLength', message: 'acronym is too short' },
      { field: 'acronym', code: 'isString', message: 'acronym must be a string' },
      { field: 'partners[1].requestedGrant', code: 'isInt', message: 'must be an integer' },
    ]);
  });
});
