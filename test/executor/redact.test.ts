// The redactor: what `***` replaces, and how a step result is cut down before it is recorded.
import { describe, expect, it } from 'vitest';
import { makeRedactor, redactResult, secretPieces } from '../../src/executor/redact.js';
import type { StepResult } from '../../src/executor/types.js';

const result = (over: Partial<StepResult>): StepResult => ({
  exit_code: 0, signal: null, timed_out: false, output: '', outputs: {}, started_at: '2026-11-26T09:00:00.000Z', duration_ms: 1, ...over,
});

describe('secretPieces', () => {
  it('masks a multi-line secret whole and line by line, with JSON-escaped forms, longest first, no blanks', () => {
    expect(secretPieces(['-----BEGIN-----\n  abc"def  \n\n-----END-----', 'x'])).toEqual([
      '-----BEGIN-----\\n  abc\\"def  \\n\\n-----END-----',
      '-----BEGIN-----\n  abc"def  \n\n-----END-----',
      '-----BEGIN-----',
      '-----END-----',
      'abc\\"def',
      'abc"def',
      'x',
    ]);
    expect(secretPieces(['', '  ', '\n'])).toEqual([]);
  });
});

describe('makeRedactor', () => {
  it('replaces every occurrence, a longer secret before one it contains', () => {
    const r = makeRedactor(['abc', 'abcdef', 'a.c']);
    expect(r.text('abcdef abc a.c axc')).toBe('*** *** *** axc');
    expect(r.holds('xxabcxx')).toBe(true);
    expect(r.holds('nothing')).toBe(false);
    expect(r.holds('abc')).toBe(true);
  });

  it('changes nothing without secrets', () => {
    const r = makeRedactor([]);
    const res = result({ output: 'abc', outputs: { k: 'v' } });
    expect(redactResult(res, r)).toBe(res);
  });
});

describe('redactResult', () => {
  it('masks output and error, stores an output holding a secret as *** whole, keeps the rest', () => {
    const r = makeRedactor(['s3cret']);
    const out = redactResult(result({ output: 'x s3cret y', outputs: { url: 'https://u:s3cret@host', plain: 'ok', s3cret: 'k' }, error: 'bad line "s3cret"' }), r);
    expect(out.output).toBe('x *** y');
    expect(out.outputs).toEqual({ url: '***', plain: 'ok', '***': 'k' });
    expect(out.error).toBe('bad line "***"');
  });
});
