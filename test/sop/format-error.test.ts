import { describe, expect, it } from 'vitest';
import { formatSopError, formatSopErrors } from '../../src/sop/format-error.js';

describe('formatSopError', () => {
  it('prints file:line:column, the message and an indented fix', () => {
    expect(formatSopError({ file: 'sops/x.md', line: 14, column: 1, message: 'step numbers must count 1, 2, 3 (found Step 4 after Step 2)', hint: 'renumber it' }))
      .toBe('sops/x.md:14:1: step numbers must count 1, 2, 3 (found Step 4 after Step 2)\n  fix: renumber it');
  });

  it('keeps multi-line hints aligned and joins several errors', () => {
    const text = formatSopErrors([
      { file: 'a.md', line: 1, column: 1, message: 'm1', hint: 'write:\ntriggers:\n  - type: manual' },
      { file: 'b.md', line: 2, column: 3, message: 'm2', hint: 'h2' },
    ]);
    expect(text).toBe('a.md:1:1: m1\n  fix: write:\n       triggers:\n         - type: manual\nb.md:2:3: m2\n  fix: h2');
  });
});
