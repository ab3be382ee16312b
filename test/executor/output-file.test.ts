// Tests for the $SOP_OUTPUT parser ($GITHUB_OUTPUT syntax).
import { describe, expect, it } from 'vitest';
import { parseOutputFile } from '../../src/executor/output-file.js';

describe('parseOutputFile', () => {
  it.each([
    ['empty file', '', {}],
    ['key=value', 'artifact=dist.tgz\n', { artifact: 'dist.tgz' }],
    ['empty value', 'empty=\n', { empty: '' }],
    ['value containing =', 'query=a=1&b=2\n', { query: 'a=1&b=2' }],
    ['no trailing newline', 'a=1', { a: '1' }],
    ['blank lines ignored', '\na=1\n\n   \nb=2\n\n', { a: '1', b: '2' }],
    ['later value wins', 'a=1\na=2\n', { a: '2' }],
    ['heredoc multi-line', 'notes<<EOF\nline 1\nline 2\nEOF\n', { notes: 'line 1\nline 2' }],
    ['heredoc keeps blank and = lines', 'v<<EOF\n\nx=y\n\nEOF\n', { v: '\nx=y\n' }],
    ['heredoc empty', 'v<<EOF\nEOF\n', { v: '' }],
    ['custom delimiter', 'body<<ghadelimiter_42\nEOF\nreal end next\nghadelimiter_42\nafter=1\n', {
      body: 'EOF\nreal end next',
      after: '1',
    }],
    ['<< after = is a plain value', 'cmd=a<<b\n', { cmd: 'a<<b' }],
    ['CRLF line endings', 'a=1\r\nm<<EOF\r\nx\r\ny\r\nEOF\r\n', { a: '1', m: 'x\ny' }],
    ['__proto__ is an ordinary key', '__proto__=x\n', { ['__proto__']: 'x' }],
  ])('%s', (_name, text, expected) => {
    const result = parseOutputFile(text);
    expect(result).toEqual({ ok: true, outputs: expected });
    if (result.ok) expect(Object.keys(result.outputs)).toEqual(Object.keys(expected));
  });

  it.each([
    ['junk line', 'a=1\n\njunk here\n', /^line 3 is neither `key=value` nor `key<<DELIM`; write/],
    ['missing closing delimiter', 'a=1\nnotes<<END\nx\nEND \n', /^line 2 starts a `key<<DELIMITER` block that is never closed; end the value with a line that is exactly the delimiter/],
    ['empty key', '=value\n', /^line 1 has no key before `=`/],
    ['empty heredoc key', '<<EOF\nx\nEOF\n', /^line 1 has no key before `<<`/],
    ['empty delimiter', 'k<<\nx\n', /^line 1 has no delimiter/],
    ['NUL byte', 'a=x\0y\n', /^line 1 contains a NUL byte/],
    ['NUL byte in a heredoc', 'k<<E\nok\nx\0\nE\n', /^line 3 \(in the block that starts on line 1\) contains a NUL byte/],
  ])('%s is an error naming the line', (_name, text, message) => {
    const result = parseOutputFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it.each([
    ['a junk line', 'ghp_SECRETVALUE\n'],
    ['an empty key', '=ghp_SECRETVALUE\n'],
    ['an unclosed block', 'ghp_SECRETVALUE<<ghp_SECRETVALUE\nx\n'],
    ['an empty block key', '<<ghp_SECRETVALUE\n'],
    ['a NUL byte', 'ghp_SECRETVALUE=\0\n'],
    ['a NUL byte in a block', 'ghp_SECRETVALUE<<E\n\0\nE\n'],
  ])('an error for %s never quotes what the line holds', (_name, text) => {
    const result = parseOutputFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).not.toContain('SECRETVALUE');
      expect(result.error).toContain('the line itself is not shown');
    }
  });

  it('replaces lone surrogates in keys and values, so none reaches the state', () => {
    expect(parseOutputFile('k\ud800=v\udc00\n')).toEqual({ ok: true, outputs: { 'k\uFFFD': 'v\uFFFD' } });
  });
});
