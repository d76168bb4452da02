import fc from 'fast-check';
import { DomainError } from './domain-error';
import { assertTransitions, defineStateMachine, stateMachineOf } from './state-machine';

type Light = 'RED' | 'GREEN' | 'AMBER';
const lights = defineStateMachine<Light>('light', { RED: ['GREEN'], GREEN: ['AMBER'], AMBER: ['RED'] });

describe('state machines', () => {
  it('allows exactly the moves of its table', () => {
    const states: Light[] = ['RED', 'GREEN', 'AMBER'];
    const allowed = new Set(['RED>GREEN', 'GREEN>AMBER', 'AMBER>RED']);
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...states), (from, to) => {
        expect(lights.can(from, to)).toBe(allowed.has(`${from}>${to}`));
        if (allowed.has(`${from}>${to}`)) expect(() => lights.assert(from, to)).not.toThrow();
        else expect(() => lights.assert(from, to)).toThrow(DomainError);
      }),
    );
  });

  it('refuses with a 409 naming the subject, the state and the target', () => {
    try {
      lights.assert('RED', 'AMBER');
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const error = e as DomainError;
      expect([error.code, error.kind, error.params]).toEqual([
        'ILLEGAL_TRANSITION',
        'conflict',
        { subject: 'light', state: 'RED', target: 'AMBER' },
      ]);
    }
  });

  it('checks every source of a bulk move', () => {
    expect(() => assertTransitions(lights, ['AMBER'], 'RED')).not.toThrow();
    expect(() => assertTransitions(lights, ['AMBER', 'GREEN'], 'RED')).toThrow(/GREEN/);
  });

  it('takes its moves from a function and its refusal from the caller', () => {
    const stage = stateMachineOf<number>(
      'stage',
      (from, to) => to === from + 1,
      (from) => new DomainError('STAGE_LOCKED', `stage ${from}`, 'conflict'),
    );
    expect(stage.can(1, 2)).toBe(true);
    expect(() => stage.assert(2, 1)).toThrow(expect.objectContaining({ code: 'STAGE_LOCKED' }));
  });
});
