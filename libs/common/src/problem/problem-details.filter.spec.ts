import { HttpException } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ValidationProblemException } from './validation-problem';

describe('ProblemDetailsFilter — params', () => {
  const filter = new ProblemDetailsFilter();
  const request = { originalUrl: '/api/v1/proposals/p1/submit', id: 'req-1' };

  it('passes the params of a domain error and of each violation through unchanged', () => {
    const error = new DomainError(
      'ELIGIBILITY_RULES_FAILED',
      'The proposal breaks 2 rule(s).',
      'rule',
      [
        {
          rule: 'E1',
          field: 'partners',
          code: 'TOO_FEW_PARTNERS',
          message: 'The consortium has 1 partners; the call needs at least 2.',
          params: { actual: 1, min: 2 },
        },
        {
          rule: 'E3',
          field: 'partners[0].organisationType',
          code: 'ORGANISATION_TYPE_NOT_ELIGIBLE',
          message: 'ITC4 does not fund PUBLIC_BODY organisations (org-a); it funds SME, UNIVERSITY.',
          params: {
            regionCode: 'ITC4',
            organisationType: 'PUBLIC_BODY',
            organisationId: 'org-a',
            allowed: ['SME', 'UNIVERSITY'],
            funded: true,
          },
        },
      ],
      { count: 2 },
    );
    const problem = filter.toProblem(error, request);
    expect(problem).toMatchObject({ status: 422, code: 'ELIGIBILITY_RULES_FAILED', params: { count: 2 } });
    expect(problem.errors).toEqual(error.violations);
  });

  it('leaves params out where there are none or they are empty', () => {
    const problem = filter.toProblem(
      new DomainError(
        'CALL_STATE_CONFLICT',
        'The call is OPEN.',
        'conflict',
        [{ field: 'state', code: 'X', message: 'no values', params: {} }],
        {},
      ),
      request,
    );
    expect(problem).not.toHaveProperty('params');
    expect(problem.errors).toEqual([{ field: 'state', code: 'X', message: 'no values' }]);
    expect(filter.toProblem(new DomainError('NOT_FOUND', 'Gone.', 'not-found'), request)).not.toHaveProperty('params');
  });

  it('names the current state of a conflict', () => {
    const problem = filter.toProblem(
      new DomainError('CALL_STATE_CONFLICT', 'The call is OPEN; …', 'conflict', [], {
        state: 'OPEN',
        allowed: ['DRAFT'],
      }),
      request,
    );
    expect(problem).toMatchObject({ status: 409, params: { state: 'OPEN', allowed: ['DRAFT'] } });
    expect(problem).not.toHaveProperty('errors');
  });

  it('gives a validation problem its count and the field errors with their params', () => {
    const fieldErrors = [
      { field: 'count', code: 'min', message: 'count must not be less than 1', params: { min: 1 } },
      { field: 'name', code: 'isString', message: 'name must be a string' },
    ];
    const problem = filter.toProblem(new ValidationProblemException(fieldErrors), request);
    expect(problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      params: { count: 2 },
      errors: fieldErrors,
    });
  });
});

describe('ProblemDetailsFilter — params of HTTP exceptions', () => {
  it('names the values of an HttpException thrown with `{ message, params }`, and none otherwise', () => {
    const filter = new ProblemDetailsFilter();
    const limited = filter.toProblem(
      new HttpException({ message: 'More than 20 requests per minute.', params: { limit: 20, per: 'minute' } }, 429),
      {},
    );
    expect(limited).toMatchObject({
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      detail: 'More than 20 requests per minute.',
      params: { limit: 20, per: 'minute' },
    });
    expect(filter.toProblem(new HttpException('Nope.', 403), {})).not.toHaveProperty('params');
  });
});
