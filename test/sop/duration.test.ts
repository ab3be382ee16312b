import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/sop/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    [' 5m ', 300_000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ['', /empty/],
    ['10', /"10" has no unit: write 10s, 10m, 10h or 10d/],
    ['1.5h', /not a whole number/],
    ['10 m', /space between number and unit: write 10m/],
    ['0s', /greater than zero/],
    ['10 minutes', /not valid/],
    ['10M', /not valid/],
    ['-5m', /not valid/],
    ['99999999999999999d', /too long/],
  ])('rejects %j', (text, message) => {
    const r = parseDuration(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [600_000, '10m'],
    [90_000, '90s'],
    [604_800_000, '7d'],
    [21_600_000, '6h'],
    [129_600_000, '36h'],
    [3_725_000, '1h2m5s'],
    [350, '350ms'],
    [12_500, '12.5s'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips every single-unit duration a user can write', () => {
    for (const text of ['1s', '59s', '90s', '1m', '45m', '6h', '23h', '7d', '30d']) {
      const parsed = parseDuration(text);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parseDuration(formatDuration(parsed.ms))).toEqual(parsed);
    }
  });
});
