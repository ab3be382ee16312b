import { describe, expect, it } from 'vitest';
import { closest, didYouMean } from '../../src/sop/did-you-mean.js';

describe('closest', () => {
  it.each([
    ['execution-mode', 'execution_mode'],
    ['Priority', 'priority'],
    ['descripton', 'description'],
    ['min_approval', 'min_approvals'],
  ])('suggests %s → %s', (word, expected) => {
    expect(closest(word, ['name', 'description', 'priority', 'execution_mode', 'min_approvals'])).toBe(expected);
  });

  it('suggests nothing for an unrelated word', () => {
    expect(closest('owner', ['name', 'description', 'priority'])).toBeUndefined();
    expect(didYouMean('owner', ['name'])).toBe('');
    expect(didYouMean('nmae', ['name'])).toBe(' (did you mean "name"?)');
  });
});
