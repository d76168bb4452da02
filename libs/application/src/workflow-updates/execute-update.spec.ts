import { ApplicationFailure } from '@temporalio/common';
import { refusal } from '@app/contracts';
import { toDomainError } from './execute-update';

const caught = (fn: () => void): ApplicationFailure => {
  try {
    fn();
  } catch (error) {
    return error as ApplicationFailure;
  }
  throw new Error('nothing thrown');
};

describe('toDomainError', () => {
  it("keeps a workflow refusal's params (details `[violations, params]`)", () => {
    const failure = caught(() =>
      refusal('conflict', 'CALL_STATE_CONFLICT', 'The call is OPEN.', { state: 'OPEN', allowed: ['DRAFT'] }),
    );
    const error = toDomainError(failure);
    expect(error).toMatchObject({
      code: 'CALL_STATE_CONFLICT',
      kind: 'conflict',
      violations: [],
      params: { state: 'OPEN', allowed: ['DRAFT'] },
    });
  });

  it("keeps an activity refusal's violations with their params, and works without params", () => {
    const violations = [
      {
        field: 'amount',
        rule: 'A1',
        code: 'BELOW_ALLOCATED',
        message: '60 is already allocated',
        params: { limit: 60, currency: 'EUR' },
      },
    ];
    const withParams = ApplicationFailure.create({
      type: 'rule:COMMITMENT_RULES_BROKEN',
      message: 'm',
      nonRetryable: true,
      details: [violations, { count: 1 }],
    });
    expect(toDomainError(withParams)).toMatchObject({
      code: 'COMMITMENT_RULES_BROKEN',
      violations,
      params: { count: 1 },
    });
    const without = ApplicationFailure.create({
      type: 'rule:X',
      message: 'm',
      nonRetryable: true,
      details: [violations],
    });
    expect(toDomainError(without).params).toBeUndefined();
    expect(toDomainError(caught(() => refusal('rule', 'Y', 'no values'))).params).toBeUndefined();
  });
});
