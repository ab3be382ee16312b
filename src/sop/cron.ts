// 5-field cron expressions as GitHub's `schedule` event accepts them: validation and normalisation.

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Names accepted in place of numbers, mapped to their value (upper case). */
  names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES: Readonly<Record<string, number>> = {
  JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12,
};
const DAY_NAMES: Readonly<Record<string, number>> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 };

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  // 7 is Sunday as well as 0, as in Vixie cron.
  { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES },
];

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const LAYOUT = 'minute hour day-of-month month day-of-week';

/** Collapses runs of whitespace and trims, so `0  9 * * *` equals GitHub's `0 9 * * *`. */
export function normalizeCron(expr: string): string {
  return expr.trim().split(/\s+/).join(' ');
}

/** Null when `expr` is a valid 5-field cron expression; otherwise what is wrong, naming the field. */
export function checkCron(expr: string): string | null {
  const normalized = normalizeCron(expr);
  if (normalized === '') return `cron expression is empty: write 5 fields (${LAYOUT}), e.g. "0 9 * * *"`;
  if (normalized.startsWith('@')) {
    const equivalent = MACROS[normalized.toLowerCase()];
    const instead = equivalent === undefined ? '' : ` (write "${equivalent}" for ${normalized})`;
    return `cron macro "${normalized}" is not supported: GitHub schedules use 5 fields (${LAYOUT})${instead}`;
  }
  const parts = normalized.split(' ');
  if (parts.length !== FIELDS.length) {
    const extra = parts.length === 6
      ? ': GitHub schedules use 5 fields, without seconds or year; remove the extra field'
      : '';
    return `cron "${normalized}" has ${parts.length} field${parts.length === 1 ? '' : 's'}, needs 5 (${LAYOUT})${extra}`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const field = FIELDS[i] as CronField;
    const problem = checkField(parts[i] as string, field);
    if (problem !== null) return `cron "${normalized}": ${field.name} field "${parts[i]}": ${problem}`;
  }
  return null;
}

/** Null when the field is valid, else the reason. */
function checkField(text: string, field: CronField): string | null {
  for (const item of text.split(',')) {
    if (item === '') return 'a list item is empty (check the commas)';
    const problem = checkItem(item, field);
    if (problem !== null) return problem;
  }
  return null;
}

function checkItem(item: string, field: CronField): string | null {
  const range = `${field.min}-${field.max}`;
  const [base, step, ...more] = item.split('/');
  if (more.length > 0) return `"${item}" has more than one "/"`;
  if (base === undefined || base === '') return `"${item}" has nothing before "/" (write */n or a-b/n)`;
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `step "/${step}" must be a whole number`;
    const n = Number(step);
    if (n < 1 || n > field.max - field.min + 1) return `step /${step} must be between 1 and ${field.max - field.min + 1}`;
    if (base !== '*' && !base.includes('-')) {
      return `"${item}": a step needs "*" or a range before "/", e.g. "${base}-${field.max}/${step}"`;
    }
  }
  if (base === '*') return null;
  const ends = base.split('-');
  if (ends.length > 2) return `"${base}" is not a range (write a-b)`;
  const values: number[] = [];
  for (const end of ends) {
    if (end === '') return `"${base}" is not a range (write a-b)`;
    const value = valueOf(end, field);
    if (value === undefined) {
      const named = field.names === undefined ? '' : ` or a name (${Object.keys(field.names).join(', ')})`;
      if (/^\d+$/.test(end)) return `${end} is out of range ${range}`;
      return `"${end}" is not a number in ${range}${named}`;
    }
    values.push(value);
  }
  const [from, to] = values;
  if (from !== undefined && to !== undefined && from > to) return `range ${base} goes backwards (write ${ends[1]}-${ends[0]}, or a list)`;
  return null;
}

function valueOf(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  return field.names?.[text.toUpperCase()];
}
