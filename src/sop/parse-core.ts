// The SOP parser without a markdown library: the line scanner reads plain bodies, a caller-given reader the rest. Pure.
import matter from 'gray-matter';
import { createHash } from 'node:crypto';
import { YAMLException } from 'js-yaml';
import type { Root } from 'mdast';
import { scanBody } from './fast-body.js';
import { checkFrontmatter, type FrontmatterFields } from './frontmatter.js';
import { readSteps } from './steps.js';
import type { ParseResult, SopError } from './types.js';
import { loadYamlWithPositions, locate, sourceOf, type YamlNode } from './yaml-positions.js';

export const MAX_SOP_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a markdown body into an mdast tree (remark, in src/sop/markdown.ts). Passed in rather than
 * imported so that loading a folder of plain SOPs never evaluates remark and micromark: the Action's
 * cold start pays for them only when some file needs them.
 */
export type MarkdownReader = (text: string) => Root;

/** What parseSopWith returns when the scanner declined the body and no markdown reader was given. */
export const NEEDS_MARKDOWN = Symbol('needs a markdown reader');

/** 1-based position in the file. */
export interface FilePoint {
  line: number;
  column: number;
}

/** The parse result plus where the `name` value sits, which the duplicate-name check quotes. */
export interface DetailedParse {
  result: ParseResult;
  nameAt: FilePoint;
  /** Which reader produced the body's headings and code blocks (absent when the body was not read). */
  body?: 'scanner' | 'remark';
}

/** For tests and benchmarks: `remark` skips the fast line scanner, to compare the two readers. */
export interface ParseOptions {
  markdown?: 'auto' | 'remark';
}

/**
 * parseSop's work, with the markdown reader given by the caller. Without one, a body the line
 * scanner declines yields NEEDS_MARKDOWN (nothing else differs), so the caller can load remark and
 * parse that file again.
 */
export function parseSopWith(
  path: string,
  content: string | Uint8Array,
  options: ParseOptions,
  readMarkdown: MarkdownReader | undefined,
): DetailedParse | typeof NEEDS_MARKDOWN {
  try {
    return parseUnsafe(path, content, options, readMarkdown);
  } catch (e) {
    // Never throw: a parser bug must still be reported as a problem with this file.
    const reason = e instanceof Error ? e.message : String(e);
    return fail(path, [{ file: path, line: 1, column: 1, message: `could not parse this file: ${reason}`, hint: 'please report this as a bug of sop-engine, with the file' }]);
  }
}

function fail(path: string, errors: SopError[]): DetailedParse {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return { result: { ok: false, errors: sorted.length > 0 ? sorted : [{ file: path, line: 1, column: 1, message: 'unknown problem', hint: 'please report this' }] }, nameAt: { line: 1, column: 1 } };
}

function parseUnsafe(
  path: string,
  content: string | Uint8Array,
  options: ParseOptions,
  readMarkdown: MarkdownReader | undefined,
): DetailedParse | typeof NEEDS_MARKDOWN {
  const at = (line: number, column: number, message: string, hint: string): SopError => ({ file: path, line, column, message, hint });

  // Size first, so a huge file costs nothing more than this check.
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
  if (size >= MAX_SOP_BYTES) {
    return fail(path, [at(1, 1, `file is ${(size / MAX_SOP_BYTES).toFixed(1)} MiB; SOP files must be under 1 MiB`,
      'split it into several SOPs or move long reference material out of the SOP folder')]);
  }
  const decoded = decode(content);
  if (!decoded.ok) {
    return fail(path, [at(1, 1, `this is not a text file (${decoded.why})`,
      'SOP files must be UTF-8 markdown; move this file out of the SOP folder or rename it so it does not end in .md')]);
  }
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    return fail(path, [at(1, 1, 'file is empty', 'start it with frontmatter: ---, then "name: my-sop" and "description: …", then ---; then "## Step 1: …" headings')]);
  }

  const errors: SopError[] = [];
  let fields: FrontmatterFields | undefined;
  let nameAt: FilePoint = { line: 1, column: 1 };
  /** 0-based index of the closing `---` line, or -1 when there is no frontmatter block. */
  let closeIndex = -1;
  let close: { index: number; line: Line } | undefined;

  const firstLine = lineAt(text, 0);
  if (firstLine.text.trimEnd() !== '---') {
    errors.push(at(1, 1, firstLine.text.startsWith('---') ? `frontmatter must start with a line of exactly "---", not "${firstLine.text}"` : 'file has no frontmatter',
      'start the file with a --- line, then "name: my-sop" and "description: …", then a closing --- line'));
  } else {
    close = findCloser(text, firstLine.next);
    if (close === undefined) {
      errors.push(at(1, 1, 'frontmatter is not closed: no "---" line after the opening one', 'add a line with just --- after the last frontmatter key'));
      return fail(path, errors);
    }
    closeIndex = close.index;
    const closer = close.line.text;
    if (closer.trimEnd() !== '---') {
      errors.push(at(closeIndex + 1, 1, `frontmatter must end with a line of exactly "---", not "${closer}"`, 'make that line just ---'));
      return fail(path, errors);
    }
    const fm = readFrontmatter(text, path);
    errors.push(...fm.errors);
    fields = fm.fields;
    nameAt = fm.nameAt;
  }

  const bodyStart = close === undefined ? 0 : close.line.next;
  // Plain bodies (the common case) are read by the line scanner; anything it is unsure of, by remark.
  // The scanner starts at the body and readSteps only reads the body, so it needs no blanking.
  const scanned = options.markdown === 'remark' ? undefined : scanBody(text, bodyStart, closeIndex + 2);
  let body: ReturnType<typeof readSteps>;
  if (scanned !== undefined) {
    body = readSteps(scanned, text);
  } else {
    if (readMarkdown === undefined) return NEEDS_MARKDOWN;
    // Blank the frontmatter (keeping every character offset) so remark's positions are file positions.
    const blanked = text.slice(0, bodyStart).replace(/[^\n]/g, ' ') + text.slice(bodyStart);
    body = readSteps(readMarkdown(blanked), blanked);
  }
  errors.push(...body.issues.map((i) => at(i.line, i.column, i.message, i.hint)));
  if (body.steps.length === 0 && !body.issues.some((i) => /step/i.test(i.message))) {
    errors.push(at(closeIndex + 2, 1, 'SOP has no steps', 'add at least one level-2 heading "## Step 1: Title", optionally followed by a ```bash block'));
  }

  const reader = scanned === undefined ? 'remark' : 'scanner';
  if (errors.length > 0 || fields === undefined) return { ...fail(path, errors), body: reader };
  const sha256 = createHash('sha256').update(typeof content === 'string' ? Buffer.from(content, 'utf8') : content).digest('hex');
  const sop: ParseResult = {
    ok: true,
    sop: { ...fields, ...(body.title === undefined ? {} : { title: body.title }), steps: body.steps, path, sha256 },
  };
  return { result: sop, nameAt, body: reader };
}

function decode(content: string | Uint8Array): { ok: true; text: string } | { ok: false; why: string } {
  if (typeof content === 'string') {
    return content.includes('\0') ? { ok: false, why: 'it contains NUL bytes' } : { ok: true, text: content };
  }
  if (content.includes(0)) return { ok: false, why: 'it contains NUL bytes' };
  try {
    return { ok: true, text: utf8.decode(content) };
  } catch {
    return { ok: false, why: 'it is not valid UTF-8' };
  }
}

/** One line of the text without its "\n" (nor a "\r" before it), and where the next line starts (text length at the end). */
interface Line {
  text: string;
  next: number;
}

function lineAt(text: string, start: number): Line {
  const nl = text.indexOf('\n', start);
  const end = nl === -1 ? text.length : nl;
  const raw = text.slice(start, end);
  return { text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, next: nl === -1 ? text.length : nl + 1 };
}

/** The first line from offset `from` (line 1 onwards) that starts with "---", and its 0-based index. */
function findCloser(text: string, from: number): { index: number; line: Line } | undefined {
  let start = from;
  let index = 1;
  // A line exists at every offset up to the text length: after a final "\n" comes an empty last line.
  while (start <= text.length) {
    if (text.startsWith('---', start)) return { index, line: lineAt(text, start) };
    const nl = text.indexOf('\n', start);
    if (nl === -1) return undefined;
    start = nl + 1;
    index++;
  }
  return undefined;
}

function readFrontmatter(text: string, path: string): { fields?: FrontmatterFields; errors: SopError[]; nameAt: FilePoint } {
  let root: YamlNode | undefined;
  let yamlText = '';
  let value: unknown = null;
  try {
    // gray-matter cuts the block; js-yaml 4 (core schema, with positions) parses it. Options are
    // always passed, which keeps gray-matter from caching (and replaying) results by text.
    matter(text, {
      language: 'yaml',
      engines: {
        yaml: (s: string): object => {
          yamlText = s;
          const loaded = loadYamlWithPositions(s);
          root = loaded.root;
          value = loaded.value;
          return { value: loaded.value };
        },
      },
    });
  } catch (e) {
    if (e instanceof YAMLException) {
      // The YAML text starts right after the opening "---" on line 1, so YAML line n is file line n + 1.
      const line = e.mark.line + 1;
      const column = e.mark.line === 0 ? e.mark.column + 4 : e.mark.column + 1;
      return {
        errors: [{ file: path, line, column, message: `frontmatter is not valid YAML: ${e.reason}`, hint: yamlHint(e.reason) }],
        nameAt: { line: 1, column: 1 },
      };
    }
    throw e;
  }
  const point = (p: { line: number; column: number } | undefined): FilePoint =>
    p === undefined ? { line: 1, column: 1 } : { line: p.line + 1, column: p.column + 1 };
  const checked = checkFrontmatter(value, (p) => sourceOf(root, yamlText, p));
  const errors = checked.issues.map((i) => ({ file: path, ...point(locate(root, yamlText, i.path, i.at)), message: i.message, hint: i.hint }));
  const nameAt = point(locate(root, yamlText, ['name'], 'value'));
  return checked.fields === undefined ? { errors, nameAt } : { fields: checked.fields, errors, nameAt };
}

function yamlHint(reason: string): string {
  if (/duplicated mapping key/i.test(reason)) return 'each key may appear once; remove or merge the repeated key';
  if (/indentation|bad indentation/i.test(reason)) return 'indent nested keys consistently with spaces (not tabs)';
  if (/tab/i.test(reason)) return 'YAML indentation must use spaces, not tabs';
  return 'check this line: quote values that contain ": ", "#" or start with special characters such as @, *, & or [';
}
