// Durations as SOP files write them (`90s`, `10m`, `2h`, `7d`): parsing and display.

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** Largest unit first, so formatting picks the shortest exact spelling. */
const UNITS_DESC: readonly Unit[] = ['d', 'h', 'm', 's'];

const EXAMPLE = 'write a whole number followed by s, m, h or d, e.g. 90s, 10m, 2h, 7d';

export function parseDuration(text: string): DurationResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: `duration is empty: ${EXAMPLE}` };
  const m = /^(\d+)([smhd])$/.exec(trimmed);
  if (m === null) {
    if (/^\d+$/.test(trimmed)) {
      return { ok: false, error: `duration "${trimmed}" has no unit: write ${trimmed}s, ${trimmed}m, ${trimmed}h or ${trimmed}d` };
    }
    if (/^\d*\.\d+\s*[smhd]$/.test(trimmed)) {
      return { ok: false, error: `duration "${trimmed}" is not a whole number: use a smaller unit (e.g. 90m instead of 1.5h)` };
    }
    if (/^\d+\s+[smhd]$/.test(trimmed)) {
      return { ok: false, error: `duration "${trimmed}" has a space between number and unit: write ${trimmed.replace(/\s+/g, '')}` };
    }
    return { ok: false, error: `duration "${trimmed}" is not valid: ${EXAMPLE}` };
  }
  const amount = Number(m[1]);
  const unit = m[2] as Unit;
  if (amount <= 0) return { ok: false, error: `duration "${trimmed}" must be greater than zero` };
  const ms = amount * UNIT_MS[unit];
  if (!Number.isSafeInteger(ms)) return { ok: false, error: `duration "${trimmed}" is too long` };
  return { ok: true, ms };
}

/**
 * Reads well and, for whole seconds, round-trips through parseDuration when a single unit fits
 * in under 100 of it: 600000 → "10m", 90000 → "90s", 604800000 → "7d". Longer odd values read
 * as a compound ("1h2m5s"); below a second, "350ms"; below a minute with a fraction, "12.5s".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms}ms`;
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms % 1_000 !== 0 && ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const whole = Math.round(ms / 1_000) * 1_000;
  for (const unit of UNITS_DESC) {
    const size = UNIT_MS[unit];
    if (whole % size === 0 && whole / size < 100) return `${whole / size}${unit}`;
  }
  let rest = whole;
  let out = '';
  for (const unit of UNITS_DESC) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * UNIT_MS[unit];
    }
  }
  return out;
}
