import { definedOnly } from './defined-only';

describe('definedOnly', () => {
  it('keeps sent values, including falsy ones, and drops absent ones', () => {
    expect(definedOnly({ a: 1, b: undefined, c: null, d: 0, e: false, f: '' })).toEqual({
      a: 1,
      c: null,
      d: 0,
      e: false,
      f: '',
    });
  });
});
