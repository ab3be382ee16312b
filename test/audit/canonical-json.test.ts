// RFC 8785 canonical JSON: key order, whitespace, number and string forms, rejected values.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3 example)', () => {
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const keys = Object.keys(JSON.parse(canonicalJson(value)) as Record<string, string>);
    // Object.keys puts integer-like keys first, so compare the serialised order instead.
    const order = [...canonicalJson(value).matchAll(/"([^"]+)":"([^"]+)"/g)].map((m) => m[2]);
    expect(keys).toHaveLength(7);
    expect(order).toEqual(['Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh']);
  });

  it('writes no whitespace and sorts nested objects, keeping array order', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 2 }, 'x'], a: { d: null, c: true } })).toBe('{"a":{"c":true,"d":null},"b":[3,{"a":2,"z":1},"x"]}');
  });

  it('prints numbers as ECMAScript does (RFC 8785 number vectors)', () => {
    expect(canonicalJson([333333333.33333329, 1e30, 4.5, 2e-3, 0.000001, 1e-7, -0, 100, 9007199254740992])).toBe(
      '[333333333.3333333,1e+30,4.5,0.002,0.000001,1e-7,0,100,9007199254740992]',
    );
  });

  it('escapes strings minimally', () => {
    expect(canonicalJson({ s: '\u20ac$\u000f\nA\'B"\\\\"/' })).toBe('{"s":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('rejects values that JSON cannot represent', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('$.a is NaN');
    expect(() => canonicalJson({ a: [1, Number.POSITIVE_INFINITY] })).toThrow('$.a[1] is Infinity');
    expect(() => canonicalJson([undefined])).toThrow('$[0] is undefined');
    expect(() => canonicalJson({ a: 1n })).toThrow('bigint');
  });

  it('drops undefined members, as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
