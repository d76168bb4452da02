import { DomainError } from '../domain-error';
import {
  amendmentStateMachine,
  consortiumAgreementMachine,
  instalmentStateMachine,
  milestoneStateMachine,
  projectReportMachine,
  projectStateMachine,
} from './monitoring-machines';
import type { StateMachine } from '../state-machine';

function table<S extends string>(machine: StateMachine<S>, states: readonly S[]): string[] {
  return states.flatMap((from) => states.filter((to) => machine.can(from, to)).map((to) => `${from}→${to}`));
}

function refusalOf(fn: () => void): DomainError {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('no refusal');
}

describe('the monitoring machines', () => {
  it('project: SUSPENDED ↔ ACTIVE, to COMPLETED from ACTIVE, to TERMINATED from either', () => {
    expect(table(projectStateMachine, ['ACTIVE', 'SUSPENDED', 'COMPLETED', 'TERMINATED'])).toEqual([
      'ACTIVE→SUSPENDED',
      'ACTIVE→COMPLETED',
      'ACTIVE→TERMINATED',
      'SUSPENDED→ACTIVE',
      'SUSPENDED→TERMINATED',
    ]);
    const e = refusalOf(() => projectStateMachine.assert('COMPLETED', 'ACTIVE'));
    expect([e.code, e.kind, e.params?.state]).toEqual(['ILLEGAL_PROJECT_TRANSITION', 'conflict', 'COMPLETED']);
  });

  it('milestone: the moves of its events', () => {
    expect(
      table(milestoneStateMachine, ['PLANNED', 'DUE_SOON', 'REPORTED', 'CHANGES_REQUESTED', 'ACCEPTED', 'OVERDUE']),
    ).toEqual([
      'PLANNED→PLANNED',
      'PLANNED→DUE_SOON',
      'PLANNED→REPORTED',
      'PLANNED→OVERDUE',
      'DUE_SOON→PLANNED',
      'DUE_SOON→DUE_SOON',
      'DUE_SOON→REPORTED',
      'DUE_SOON→OVERDUE',
      'REPORTED→CHANGES_REQUESTED',
      'REPORTED→ACCEPTED',
      'CHANGES_REQUESTED→REPORTED',
      'OVERDUE→PLANNED',
      'OVERDUE→REPORTED',
    ]);
    expect(refusalOf(() => milestoneStateMachine.assert('ACCEPTED', 'REPORTED')).code).toBe(
      'ILLEGAL_MILESTONE_TRANSITION',
    );
  });

  it('consortium agreement, report, amendment, instalment and grant', () => {
    expect(table(consortiumAgreementMachine, ['NONE', 'SUBMITTED', 'ACCEPTED', 'RETURNED'])).toEqual([
      'NONE→SUBMITTED',
      'SUBMITTED→SUBMITTED',
      'SUBMITTED→ACCEPTED',
      'SUBMITTED→RETURNED',
      'RETURNED→SUBMITTED',
    ]);
    expect(table(projectReportMachine, ['SUBMITTED', 'ACCEPTED', 'CHANGES_REQUESTED'])).toEqual([
      'SUBMITTED→ACCEPTED',
      'SUBMITTED→CHANGES_REQUESTED',
    ]);
    expect(table(amendmentStateMachine, ['PENDING', 'APPROVED', 'REJECTED'])).toEqual([
      'PENDING→APPROVED',
      'PENDING→REJECTED',
    ]);
    expect(table(instalmentStateMachine, ['SCHEDULED', 'RELEASED', 'PAID'])).toEqual([
      'SCHEDULED→RELEASED',
      'RELEASED→PAID',
    ]);
    expect(refusalOf(() => consortiumAgreementMachine.assert('ACCEPTED', 'SUBMITTED')).code).toBe(
      'ILLEGAL_AGREEMENT_TRANSITION',
    );
    expect(refusalOf(() => projectReportMachine.assert('ACCEPTED', 'ACCEPTED')).code).toBe('ILLEGAL_REPORT_TRANSITION');
    expect(refusalOf(() => amendmentStateMachine.assert('REJECTED', 'APPROVED')).code).toBe(
      'ILLEGAL_AMENDMENT_TRANSITION',
    );
    expect(refusalOf(() => instalmentStateMachine.assert('PAID', 'PAID')).code).toBe('ILLEGAL_INSTALMENT_TRANSITION');
  });
});
