import fc from 'fast-check';
import { ApplicationFailure } from '@temporalio/common';
import { DomainError, type DomainErrorKind } from '@app/domain';
import { isRefusal, toApplicationFailure, toDomainError } from './domain-failure';

describe('domain refusals across Temporal', () => {
  it("keeps a refusal's code, kind, message, violations and params through encode and decode", () => {
    const violation = fc.record({
      field: fc.constantFrom('amount', 'timeline.opensAt'),
      code: fc.constantFrom('BELOW_ALLOCATED', 'REQUIRED'),
      message: fc.string(),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<DomainErrorKind>('conflict', 'rule', 'not-found'),
        fc.stringMatching(/^[A-Z][A-Z_]{2,20}$/),
        fc.string(),
        fc.array(violation, { maxLength: 3 }),
        fc.option(fc.dictionary(fc.constantFrom('state', 'limit'), fc.oneof(fc.string(), fc.integer())), {
          nil: undefined,
        }),
        (kind, code, message, violations, params) => {
          const failure = toApplicationFailure(new DomainError(code, message, kind, violations, params));
          expect([failure.type, failure.nonRetryable, isRefusal(failure)]).toEqual([`${kind}:${code}`, true, true]);
          const back = toDomainError(failure);
          expect([back.code, back.kind, back.message, back.violations, back.params]).toEqual([
            code,
            kind,
            message,
            violations,
            params,
          ]);
        },
      ),
    );
  });

  it('sends a forbidden refusal as a rule: authorisation belongs to the API', () => {
    expect(toApplicationFailure(new DomainError('NOT_YOURS', 'm', 'forbidden')).type).toBe('rule:NOT_YOURS');
  });

  it('reads failures encoded before the codec: no details, or violations only', () => {
    const bare = ApplicationFailure.create({ type: 'conflict:CALL_STATE_CONFLICT', message: 'm', nonRetryable: true });
    expect(toDomainError(bare)).toMatchObject({ kind: 'conflict', violations: [], params: undefined });
    const withParams = ApplicationFailure.create({
      type: 'rule:COMMITMENT_RULES_BROKEN',
      message: 'm',
      details: [[], { count: 1 }],
    });
    expect(toDomainError(withParams).params).toEqual({ count: 1 });
    expect(isRefusal(ApplicationFailure.create({ type: 'OtherError', message: 'm' }))).toBe(false);
  });
});
