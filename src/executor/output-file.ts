// Parses what a step wrote to $SOP_OUTPUT, in the $GITHUB_OUTPUT syntax: `key=value` lines and `key<<DELIM` blocks.
// Its errors name the line and what is wrong, never what the line holds: the error reaches the run's public issue,
// and a malformed line may well be a secret the step printed to the wrong place.
import { toWellFormed } from '../text/well-formed.js';

export type OutputFileResult =
  | { ok: true; outputs: Record<string, string> }
  | { ok: false; error: string };

const HOW_TO = 'write `key=value` lines, or `key<<EOF`, the value\'s lines, then `EOF` alone on a line';
const NUL = 'contains a NUL byte, which cannot be passed on to later steps in an environment variable; remove it';

function malformed(lineNo: number, why: string): OutputFileResult {
  return { ok: false, error: `line ${lineNo} ${why} (the line itself is not shown: it may hold a secret)` };
}

export function parseOutputFile(text: string): OutputFileResult {
  const lines = text.split(/\r?\n/);
  // A Map, so a key such as `__proto__` is kept as a plain output rather than touching a prototype.
  const outputs = new Map<string, string>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const lineNo = i + 1;
    i += 1;
    if (line.trim() === '') continue;
    if (line.includes('\0')) return malformed(lineNo, NUL);

    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    // As in the Actions runner: `<<` before any `=` starts a block, so `k<<EOF` works and `k=a<<b` is a plain value.
    if (heredoc >= 0 && (eq < 0 || heredoc < eq)) {
      const key = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (key === '') return malformed(lineNo, `has no key before \`<<\`; ${HOW_TO}`);
      if (delimiter === '') return malformed(lineNo, `has no delimiter after \`<<\`; ${HOW_TO}`);
      const body: string[] = [];
      let closed = false;
      while (i < lines.length) {
        const next = lines[i] ?? '';
        i += 1;
        if (next === delimiter) {
          closed = true;
          break;
        }
        if (next.includes('\0')) return malformed(i, `(in the block that starts on line ${lineNo}) ${NUL}`);
        body.push(next);
      }
      if (!closed) {
        return malformed(
          lineNo,
          'starts a `key<<DELIMITER` block that is never closed; end the value with a line that is exactly the delimiter',
        );
      }
      outputs.set(toWellFormed(key), toWellFormed(body.join('\n')));
      continue;
    }

    if (eq < 0) return malformed(lineNo, `is neither \`key=value\` nor \`key<<DELIM\`; ${HOW_TO}`);
    const key = line.slice(0, eq);
    if (key === '') return malformed(lineNo, `has no key before \`=\`; ${HOW_TO}`);
    outputs.set(toWellFormed(key), toWellFormed(line.slice(eq + 1)));
  }
  return { ok: true, outputs: Object.fromEntries(outputs) };
}
