// clockFrom: the wall clock, or the fixed instant SOP_ENGINE_CLOCK names (tests place CLI and Action processes in time with it).
import { describe, expect, it } from 'vitest';
import { clockFrom } from '../src/clock.js';
import { UserError } from '../src/errors.js';

describe('clockFrom', () => {
  it('stops the clock at SOP_ENGINE_CLOCK', () => {
    const now = clockFrom({ SOP_ENGINE_CLOCK: '2026-11-26T09:00:00Z' });
    expect(now().toISOString()).toBe('2026-11-26T09:00:00.000Z');
    expect(now().getTime()).toBe(Date.parse('2026-11-26T09:00:00Z'));
  });

  it('is the wall clock when SOP_ENGINE_CLOCK is unset or empty', () => {
    for (const env of [{}, { SOP_ENGINE_CLOCK: '' }]) {
      const before = Date.now();
      const t = clockFrom(env)().getTime();
      expect(t).toBeGreaterThanOrEqual(before);
      expect(t).toBeLessThanOrEqual(Date.now());
    }
  });

  it('refuses a SOP_ENGINE_CLOCK that is not a time, when the clock is read, saying how to write one', () => {
    const now = clockFrom({ SOP_ENGINE_CLOCK: 'tomorrow' });
    expect(now).toThrow(UserError);
    expect(now).toThrow(/SOP_ENGINE_CLOCK="tomorrow" is not a time; write an ISO 8601 time/);
  });
});
