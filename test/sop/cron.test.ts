import { describe, expect, it } from 'vitest';
import { checkCron, normalizeCron } from '../../src/sop/cron.js';

describe('checkCron', () => {
  it.each([
    '0 9 * * *',
    '*/15 * * * *',
    '0 0 1 1 *',
    '5,35 8-18/2 * * MON-FRI',
    '0 12 * jan,jul sun',
    '59 23 31 12 7',
    '0 0 * * 0-7',
    '  0   9 * * *  ',
    '0-59/5 0-23 1-31 1-12 0-6',
  ])('accepts %j', (expr) => {
    expect(checkCron(expr)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['@daily', /macro "@daily" is not supported.*write "0 0 \* \* \*"/],
    ['@reboot', /macro "@reboot" is not supported: GitHub schedules use 5 fields/],
    ['0 0 9 * * *', /has 6 fields, needs 5.*without seconds or year/],
    ['0 9 * *', /has 4 fields, needs 5/],
    ['60 * * * *', /minute field "60": 60 is out of range 0-59/],
    ['0 24 * * *', /hour field "24": 24 is out of range 0-23/],
    ['0 0 0 * *', /day-of-month field "0": 0 is out of range 1-31/],
    ['0 0 * 13 *', /month field "13": 13 is out of range 1-12/],
    ['0 0 * * 8', /day-of-week field "8": 8 is out of range 0-7/],
    ['0 0 * * MONDAY', /day-of-week field "MONDAY": "MONDAY" is not a number in 0-7 or a name \(SUN, MON/],
    ['0 0 * FOO *', /month field "FOO": "FOO" is not a number/],
    ['*/0 * * * *', /minute field "\*\/0": step \/0 must be between 1 and 60/],
    ['*/x * * * *', /step "\/x" must be a whole number/],
    ['5/15 * * * *', /a step needs "\*" or a range before "\/", e.g. "5-59\/15"/],
    ['0 18-9 * * *', /hour field "18-9": range 18-9 goes backwards/],
    ['0 1,,2 * * *', /hour field "1,,2": a list item is empty/],
    ['0 1-2-3 * * *', /"1-2-3" is not a range/],
    ['? * * * *', /minute field "\?"/],
    ['0 0 L * *', /day-of-month field "L"/],
  ])('rejects %j', (expr, message) => {
    expect(checkCron(expr)).toMatch(message);
  });
});

describe('normalizeCron', () => {
  it('collapses whitespace so it compares equal to github.event.schedule', () => {
    expect(normalizeCron('  0\t9  * *   1-5 ')).toBe('0 9 * * 1-5');
  });
});
