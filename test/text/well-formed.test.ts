// toWellFormed: no lone surrogate from JSON reaches the state or the audit.
import { describe, expect, it } from 'vitest';
import { toWellFormed, wellFormedDeep } from '../../src/text/well-formed.js';

describe('toWellFormed', () => {
  it('replaces lone high and low surrogates with U+FFFD and keeps pairs', () => {
    const fromJson = JSON.parse('"a\\ud800b\\udc00c\\ud83d\\ude00d\\ud83d"') as string;
    expect(toWellFormed(fromJson)).toBe('a\uFFFDb\uFFFDc😀d\uFFFD');
    expect(toWellFormed('plain')).toBe('plain');
  });

  it('gives the same answer call after call (no regex state)', () => {
    const lone = 'x\ud800';
    expect([toWellFormed(lone), toWellFormed(lone), toWellFormed(lone)]).toEqual(['x\uFFFD', 'x\uFFFD', 'x\uFFFD']);
  });

  it('cleans every string of a JSON value, keys included, and keeps __proto__ an ordinary key', () => {
    const value = JSON.parse('{"k\\udc00": ["\\ud800", 1, true, null, {"__proto__": "\\ud800"}]}') as unknown;
    const clean = wellFormedDeep(value);
    expect(clean).toEqual({ 'k\uFFFD': ['\uFFFD', 1, true, null, JSON.parse('{"__proto__": "\\ufffd"}')] });
    expect(JSON.stringify(clean)).not.toMatch(/\\ud[89ab]/i);
  });
});
