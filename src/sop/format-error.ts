// How an SOP error reads on a terminal: `file:line:col: what is wrong` and an indented fix.
import type { SopError } from './types.js';

export function formatSopError(e: SopError): string {
  // Multi-line hints (YAML examples) stay aligned under "fix:".
  const hint = e.hint.split('\n').join('\n       ');
  return `${e.file}:${e.line}:${e.column}: ${e.message}\n  fix: ${hint}`;
}

export function formatSopErrors(errors: readonly SopError[]): string {
  return errors.map(formatSopError).join('\n');
}
