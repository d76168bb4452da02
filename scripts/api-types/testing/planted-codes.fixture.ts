import { DomainError, type Violation } from '@app/domain';

// Read (never run) by error-codes.spec.ts: one of each form the scanner must recognise.
declare function refuse(kind: 'conflict' | 'rule' | 'not-found', code: string, message: string): never;

export function planted(which: number): never {
  const violations: Violation[] = [];
  const add = (field: string, code: string, message: string) => violations.push({ field, code, message });
  add('acronym', 'PLANTED_HELPER_FIELD', 'a helper-built violation');
  violations.push({ rule: 'E1', code: 'PLANTED_FIELD', message: 'a literal violation' });
  if (which === 1) throw new DomainError('PLANTED_RULE', 'a rule', 'rule', violations);
  if (which === 2) throw new DomainError('PLANTED_NOT_FOUND', 'not found', 'not-found');
  refuse('conflict', 'PLANTED_CONFLICT', 'a workflow refusal');
}
