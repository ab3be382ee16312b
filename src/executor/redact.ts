// Takes secret values out of what a step produced before it leaves the runner (SPEC 5.6): `***` instead. PURE.
import { SECRET_MASK } from '../sop/types.js';
import type { StepResult } from './types.js';

export interface Redactor {
  /** The text with every secret (each line of a multi-line one, and its JSON-escaped form) replaced by `***`. */
  text(text: string): string;
  /** True when the text holds any secret. */
  holds(text: string): boolean;
  /** The pieces masked, longest first: what `::add-mask::` should be given, one line each. */
  readonly pieces: readonly string[];
}

/**
 * The pieces of each secret that must never appear: the value, each of its lines (the runner masks
 * a multi-line secret line by line, so a step printing one line must not leak it either), and the
 * JSON-escaped forms (a step that echoes $SOP_PAYLOAD prints `\"` for `"`). Blank pieces are skipped.
 */
export function secretPieces(values: Iterable<string>): string[] {
  const pieces = new Set<string>();
  const add = (piece: string): void => {
    if (piece.trim() === '') return;
    pieces.add(piece);
    const escaped = JSON.stringify(piece).slice(1, -1);
    if (escaped !== piece) pieces.add(escaped);
  };
  for (const value of values) {
    add(value);
    for (const line of value.split(/\r?\n|\r/)) add(line.trim());
  }
  // Longest first, so a secret that contains another is masked whole.
  return [...pieces].sort((a, b) => b.length - a.length);
}

export function makeRedactor(values: Iterable<string>): Redactor {
  const pieces = secretPieces(values);
  if (pieces.length === 0) return { text: (t) => t, holds: () => false, pieces };
  const pattern = new RegExp(pieces.map(escapeRegExp).join('|'), 'g');
  return {
    text: (t) => t.replace(pattern, SECRET_MASK),
    holds: (t) => {
      pattern.lastIndex = 0;
      return pattern.test(t);
    },
    pieces,
  };
}

/**
 * A step's result as it may be recorded: output and error with secrets masked, and every output
 * whose value holds a secret stored as `***` whole (a later step gets `***` for it too).
 */
export function redactResult(result: StepResult, redactor: Redactor): StepResult {
  if (redactor.pieces.length === 0) return result;
  const outputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(result.outputs)) {
    // defineProperty: an output called `__proto__` stays a plain key.
    Object.defineProperty(outputs, redactor.text(key), {
      value: redactor.holds(value) ? SECRET_MASK : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    ...result,
    output: redactor.text(result.output),
    outputs,
    ...(result.error !== undefined ? { error: redactor.text(result.error) } : {}),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
