// Effective modes and where gates stand.
import { describe, expect, it } from 'vitest';
import { effectiveMode, gateBefore } from '../../src/engine/gates.js';
import { makeSop } from './fixtures.js';

describe('effectiveMode', () => {
  it.each([
    ['low', 'supervised'],
    ['normal', 'supervised'],
    ['high', 'auto'],
    ['critical', 'auto'],
  ] as const)('priority_based with priority %s behaves as %s', (priority, expected) => {
    expect(effectiveMode(makeSop({ mode: 'priority_based', priority }))).toBe(expected);
  });

  it('other modes resolve to themselves whatever the priority', () => {
    for (const mode of ['auto', 'supervised', 'step_by_step'] as const) {
      expect(effectiveMode(makeSop({ mode, priority: 'critical' }))).toBe(mode);
    }
  });
});

describe('gateBefore', () => {
  const steps = ['run', 'gate', 'run'] as const;
  it.each([
    ['auto', [false, true, false]],
    ['supervised', [true, true, false]],
    ['step_by_step', [true, true, true]],
  ] as const)('%s', (mode, expected) => {
    const def = makeSop({ mode, steps: [...steps] });
    expect([1, 2, 3].map((n) => gateBefore(def, n))).toEqual(expected);
  });
});
