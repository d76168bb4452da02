import { canonicalJson, sha256Hex } from './content-hash';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys, drops whitespace and writes numbers the ECMAScript way', () => {
    expect(canonicalJson({ b: 2, a: [1e21, 0.1, -0, 'é'], c: { z: null, y: true } })).toBe(
      '{"a":[1e+21,0.1,0,"é"],"b":2,"c":{"y":true,"z":null}}',
    );
  });

  it('gives the same hash for the same content in any key order', () => {
    expect(sha256Hex(canonicalJson({ x: 1, y: [2, 3] }))).toBe(sha256Hex(canonicalJson({ y: [2, 3], x: 1 })));
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
