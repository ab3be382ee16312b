// Refusals in words: every rule has a phrase a person can act on, never a bare number.
import { describe, expect, it } from 'vitest';
import { REFUSAL_WHY, refusalWhy } from '../../src/text/refusal.js';

describe('refusalWhy', () => {
  it('says each rule in words', () => {
    expect(refusalWhy(3)).toBe('you are not listed in approval.approvers, nor a member of a team it names');
    expect(refusalWhy(4)).toBe('you started this run and self-approval is off (approval.allow_self_approval: false)');
    expect(refusalWhy('state')).toBe('the run is not waiting for this command');
    for (const words of Object.values(REFUSAL_WHY)) expect(words).not.toMatch(/\brule\b|^\d/);
  });

  it('reads the rule as the audit stores it', () => {
    expect(refusalWhy('2')).toBe(REFUSAL_WHY[2]);
    expect(refusalWhy(9)).toBe('the command is not allowed now');
  });
});
