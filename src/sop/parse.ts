// Parses one SOP file's bytes into a typed definition, or into every located error it has. Pure: no I/O.
// remark (remark-parse on unified) is the one markdown parser: it finds the steps and their commands.
import { createHash } from 'node:crypto';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { readSopHeader, type FilePoint, type SopHeader } from './header.js';
import { readSteps } from './steps.js';
import type { ParseResult, SopError } from './types.js';

export { MAX_SOP_BYTES, type FilePoint, type SopHeader } from './header.js';

/** The parse result plus where the `name` value sits, which the duplicate-name check quotes. */
export interface DetailedParse {
  result: ParseResult;
  nameAt: FilePoint;
}

/** How much of a file was read: all of it, or only up to the end of its frontmatter. */
export type ParseDepth = 'full' | 'frontmatter';
export type ParseObserver = (path: string, depth: ParseDepth) => void;

let observer: ParseObserver | undefined;

/**
 * Calls `next` for every file parsed from now on (tests check that a request reads only the SOPs
 * it needs). Returns a function that restores the previous observer.
 */
export function observeParsing(next: ParseObserver | undefined): () => void {
  const previous = observer;
  observer = next;
  return () => {
    observer = previous;
  };
}

/** Built once: creating a unified processor per file was a measurable part of parsing a folder. */
const markdown = unified().use(remarkParse).freeze();

export function parseSop(path: string, content: string | Uint8Array): ParseResult {
  return parseSopDetailed(path, content).result;
}

export function parseSopDetailed(path: string, content: string | Uint8Array): DetailedParse {
  observer?.(path, 'full');
  return neverThrow(path, () => parseFully(path, content), (errors) => fail(path, errors));
}

/** Only what the frontmatter says (name, triggers, …): enough to route a schedule or a dispatch. */
export function parseSopFrontmatter(path: string, content: string | Uint8Array): SopHeader {
  observer?.(path, 'frontmatter');
  return neverThrow(path, () => readSopHeader(path, content), (errors) => ({ errors, nameAt: { line: 1, column: 1 } }));
}

/** A parser bug must still be reported as a problem with this file, never as a crash. */
function neverThrow<T>(path: string, work: () => T, failed: (errors: SopError[]) => T): T {
  try {
    return work();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return failed([{ file: path, line: 1, column: 1, message: `could not parse this file: ${reason}`, hint: 'please report this as a bug of sop-engine, with the file' }]);
  }
}

function fail(path: string, errors: SopError[], nameAt: FilePoint = { line: 1, column: 1 }): DetailedParse {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return { result: { ok: false, errors: sorted.length > 0 ? sorted : [{ file: path, line: 1, column: 1, message: 'unknown problem', hint: 'please report this' }] }, nameAt };
}

function parseFully(path: string, content: string | Uint8Array): DetailedParse {
  const header = readSopHeader(path, content);
  const { body } = header;
  if (body === undefined) return fail(path, header.errors);
  const at = (line: number, column: number, message: string, hint: string): SopError => ({ file: path, line, column, message, hint });
  // Blank the frontmatter (keeping every character offset) so remark's positions are file positions.
  const blanked = body.text.slice(0, body.start).replace(/[^\n]/g, ' ') + body.text.slice(body.start);
  const steps = readSteps(markdown.parse(blanked), blanked);
  const errors = [...header.errors, ...steps.issues.map((i) => at(i.line, i.column, i.message, i.hint))];
  if (steps.steps.length === 0 && !steps.issues.some((i) => /step/i.test(i.message))) {
    errors.push(at(body.line, 1, 'SOP has no steps', 'add at least one level-2 heading "## Step 1: Title", optionally followed by a ```bash block'));
  }
  if (errors.length > 0 || header.fields === undefined) return fail(path, errors);
  const sha256 = createHash('sha256').update(typeof content === 'string' ? Buffer.from(content, 'utf8') : content).digest('hex');
  return {
    result: {
      ok: true,
      sop: { ...header.fields, ...(steps.title === undefined ? {} : { title: steps.title }), steps: steps.steps, path, sha256 },
    },
    nameAt: header.nameAt,
  };
}
