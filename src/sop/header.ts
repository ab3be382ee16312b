// Reads an SOP file up to its body: size, encoding and the frontmatter block, checked. Pure; no markdown parser.
// Routing that needs only names and triggers (schedules, repository_dispatch) stops here; parse.ts goes on to the steps.
import matter from 'gray-matter';
import yaml from './js-yaml.cjs';
import { checkFrontmatter, type FrontmatterFields } from './frontmatter.js';
import type { SopError } from './types.js';
import { loadYamlWithPositions, locate, sourceOf, type YamlNode } from './yaml-positions.js';

export const MAX_SOP_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** 1-based position in the file. */
export interface FilePoint {
  line: number;
  column: number;
}

/** The body of a file whose text could be read: the whole text, and where the body starts. */
export interface SopBody {
  /** The decoded file text, without a byte order mark. */
  text: string;
  /** Offset of the first body character (0 when the file has no frontmatter). */
  start: number;
  /** 1-based line where the body starts. */
  line: number;
}

/** What the file says before its steps. */
export interface SopHeader {
  /** Every problem found so far (size, encoding, frontmatter), located. */
  errors: SopError[];
  /** The typed frontmatter, when it has no errors. */
  fields?: FrontmatterFields;
  /** Where the `name` value is written, which the duplicate-name check quotes. */
  nameAt: FilePoint;
  /** Absent when the file cannot be read as markdown at all (too big, binary, empty, frontmatter not closed). */
  body?: SopBody;
}

export function readSopHeader(path: string, content: string | Uint8Array): SopHeader {
  const at = (line: number, column: number, message: string, hint: string): SopError => ({ file: path, line, column, message, hint });
  const stop = (error: SopError): SopHeader => ({ errors: [error], nameAt: { line: 1, column: 1 } });

  // Size first, so a huge file costs nothing more than this check.
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
  if (size >= MAX_SOP_BYTES) {
    return stop(at(1, 1, `file is ${(size / MAX_SOP_BYTES).toFixed(1)} MiB; SOP files must be under 1 MiB`,
      'split it into several SOPs or move long reference material out of the SOP folder'));
  }
  const decoded = decode(content);
  if (!decoded.ok) {
    return stop(at(1, 1, `this is not a text file (${decoded.why})`,
      'SOP files must be UTF-8 markdown; move this file out of the SOP folder or rename it so it does not end in .md'));
  }
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    return stop(at(1, 1, 'file is empty', 'start it with frontmatter: ---, then "name: my-sop" and "description: …", then ---; then "## Step 1: …" headings'));
  }

  const firstLine = lineAt(text, 0);
  if (firstLine.text.trimEnd() !== '---') {
    const error = at(1, 1, firstLine.text.startsWith('---') ? `frontmatter must start with a line of exactly "---", not "${firstLine.text}"` : 'file has no frontmatter',
      'start the file with a --- line, then "name: my-sop" and "description: …", then a closing --- line');
    // The body is still read, so its problems are reported together with this one.
    return { errors: [error], nameAt: { line: 1, column: 1 }, body: { text, start: 0, line: 1 } };
  }
  const close = findCloser(text, firstLine.next);
  if (close === undefined) {
    return stop(at(1, 1, 'frontmatter is not closed: no "---" line after the opening one', 'add a line with just --- after the last frontmatter key'));
  }
  if (close.line.text.trimEnd() !== '---') {
    return stop(at(close.index + 1, 1, `frontmatter must end with a line of exactly "---", not "${close.line.text}"`, 'make that line just ---'));
  }
  const fm = readFrontmatter(text, path);
  const header: SopHeader = { errors: fm.errors, nameAt: fm.nameAt, body: { text, start: close.line.next, line: close.index + 2 } };
  if (fm.fields !== undefined && fm.errors.length === 0) header.fields = fm.fields;
  return header;
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
    if (e instanceof yaml.YAMLException) {
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
