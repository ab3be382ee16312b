// Run id format.
import { describe, expect, it } from 'vitest';
import { isRunId, makeRunId } from '../../src/engine/run-id.js';

describe('makeRunId', () => {
  it('uses the UTC date and six characters of [a-z0-9]', () => {
    const values = [0, 0.5, 0.999, 0.1, 0.72, 1];
    let i = 0;
    // 23:30 on Nov 26 in UTC-5 is already Nov 27 in UTC.
    const id = makeRunId(new Date('2026-11-26T23:30:00-05:00'), () => values[i++] ?? 0);
    expect(id).toBe('run-20261127-as9dz9');
    expect(isRunId(id)).toBe(true);
  });

  it('produces valid ids from any random source', () => {
    for (let n = 0; n < 50; n++) expect(makeRunId(new Date(), Math.random)).toMatch(/^run-\d{8}-[a-z0-9]{6}$/);
  });
});

describe('isRunId', () => {
  it.each([
    ['run-20261126-k3f9x2', true],
    ['run-20261126-k3f9x2abc', true],
    ['run-20261126-k3f9', false],
    ['run-20261126-K3F9X2', false],
    ['run-20261326-k3f9x2', false],
    ['run-20261126-k3f9x2/..', false],
    ['20261126-k3f9x2', false],
  ])('%s → %s', (s, expected) => {
    expect(isRunId(s)).toBe(expected);
  });
});
