// The 64 KiB output tail kept in run state.
import { describe, expect, it } from 'vitest';
import { OUTPUT_TAIL_BYTES, tailOutput } from '../../src/engine/output-tail.js';

describe('tailOutput', () => {
  it('keeps short output whole', () => {
    expect(tailOutput('hello')).toBe('hello');
    const exact = 'y'.repeat(OUTPUT_TAIL_BYTES);
    expect(tailOutput(exact)).toBe(exact);
  });

  it('keeps the last 64 KiB', () => {
    const out = 'a'.repeat(10) + 'b'.repeat(OUTPUT_TAIL_BYTES);
    expect(tailOutput(out)).toBe('b'.repeat(OUTPUT_TAIL_BYTES));
  });

  it('never splits a multi-byte character', () => {
    // '€' is 3 bytes; 5 of them in 8 bytes forces a cut inside a character.
    const out = '€'.repeat(5);
    expect(tailOutput(out, 8)).toBe('€€');
    const big = '€'.repeat(30_000);
    const kept = tailOutput(big);
    expect(kept).toBe('€'.repeat(Math.floor(OUTPUT_TAIL_BYTES / 3)));
    expect(kept.includes('\uFFFD')).toBe(false);
  });
});
