// A line scanner that reads the headings and fenced code blocks of plain SOP bodies ~50× faster than remark.
//
// It is only a shortcut: it returns undefined the moment a line could be anything but a paragraph
// line, a blank line, an ATX heading with plain text or a column-1 fenced code block, and the
// caller then parses with remark. When it does answer, its tree gives readSteps exactly what
// remark's tree would (test/sop/fast-path.test.ts checks this differentially). Paragraphs are left
// out of the tree: readSteps never looks at them (inline markup cannot contain a `code` node).
import type { Code, Heading, Root, RootContent } from 'mdast';

/** Characters that start inline markup (escapes, entities, code, emphasis, links, HTML, closing #s) in a heading. */
const HEADING_UNSAFE = /[\\&`*_[\]!<>#~|]/;
/** First characters of a column-1 line that could open a block other than a paragraph (lists, quotes, HTML, breaks, setext, definitions…). */
const BLOCK_START = /^(?:[-+*>=_<[|]|\d{1,9}[.)])/;

/**
 * Headings and fenced code of `text` from offset `bodyStart` (the start of 1-based line
 * `bodyLine`) to the end, with file positions; undefined when remark must decide.
 */
export function scanBody(text: string, bodyStart: number, bodyLine: number): Root | undefined {
  // Tabs expand to columns and CR ends lines: both change block structure in ways not handled here.
  if (text.indexOf('\t', bodyStart) !== -1 || text.indexOf('\r', bodyStart) !== -1) return undefined;
  const children: RootContent[] = [];
  let offset = bodyStart;
  let line = bodyLine;
  const end = text.length;

  while (offset <= end) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl === -1 ? end : nl;
    const first = text.charCodeAt(offset);

    if (lineEnd === offset || isBlank(text, offset, lineEnd)) {
      // Blank line: ends a paragraph, nothing else.
    } else if (first === 0x20) {
      // Indented content: a paragraph continuation, indented code or an indented block; remark decides.
      return undefined;
    } else if (first === 0x23 /* # */) {
      const heading = readHeading(text, offset, lineEnd, line);
      if (heading === undefined) return undefined;
      children.push(heading);
    } else if ((first === 0x60 /* ` */ || first === 0x7e /* ~ */) && runLength(text, offset, lineEnd) >= 3) {
      const code = readFence(text, offset, lineEnd, line);
      if (code === undefined) return undefined;
      children.push(code.node);
      line = code.lastLine;
      offset = code.lastLineEnd;
      if (offset === end) break;
      offset++;
      line++;
      continue;
    } else if (BLOCK_START.test(text.slice(offset, Math.min(offset + 11, lineEnd)))) {
      return undefined;
    }
    // Any other line is paragraph text, which readSteps ignores.
    if (nl === -1) break;
    offset = nl + 1;
    line++;
  }
  return { type: 'root', children };
}

/** How many times the line's first character repeats from `from`. */
function runLength(text: string, from: number, to: number): number {
  const c = text.charCodeAt(from);
  let i = from;
  while (i < to && text.charCodeAt(i) === c) i++;
  return i - from;
}

function leadingSpaces(s: string): number {
  let i = 0;
  while (s.charCodeAt(i) === 0x20) i++;
  return i;
}

function trailingSpaces(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(s.length - 1 - i) === 0x20) i++;
  return i;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}

/** `#`…`######` then a space and plain text, or nothing: the heading; anything else: undefined. */
function readHeading(text: string, start: number, lineEnd: number, line: number): Heading | undefined {
  let depth = 0;
  while (start + depth < lineEnd && text.charCodeAt(start + depth) === 0x23) depth++;
  if (depth > 6) return undefined;
  const position = {
    start: { line, column: 1, offset: start },
    end: { line, column: lineEnd - start + 1, offset: lineEnd },
  };
  const rest = text.slice(start + depth, lineEnd);
  const lead = leadingSpaces(rest);
  // Only spaces are trimmed (not NBSP and friends, which String#trim would take): as micromark does.
  const content = rest.slice(lead, rest.length - trailingSpaces(rest));
  if (content === '') {
    // `##` alone, or `##` followed by spaces: an empty heading.
    return { type: 'heading', depth: depth as Heading['depth'], children: [], position };
  }
  if (rest.charCodeAt(0) !== 0x20 || HEADING_UNSAFE.test(content)) return undefined;
  const from = start + depth + lead;
  const to = from + content.length;
  return {
    type: 'heading',
    depth: depth as Heading['depth'],
    children: [{
      type: 'text',
      value: content,
      position: { start: { line, column: from - start + 1, offset: from }, end: { line, column: to - start + 1, offset: to } },
    }],
    position,
  };
}

/**
 * A fenced code block opened at column 1 of `start` and closed before the end of the text:
 * the node, and the line and end offset of its closing fence. Undefined when not certain.
 */
function readFence(text: string, start: number, lineEnd: number, line: number): { node: Code; lastLine: number; lastLineEnd: number } | undefined {
  const marker = text.charCodeAt(start);
  const size = runLength(text, start, lineEnd);
  const info = text.slice(start + size, lineEnd);
  // A backtick in a backtick fence's info makes the line inline code; escapes and entities get decoded.
  if ((marker === 0x60 && info.includes('`')) || info.includes('\\') || info.includes('&')) return undefined;
  const trimmed = info.slice(leadingSpaces(info));
  const space = trimmed.indexOf(' ');
  const lang = space === -1 ? trimmed : trimmed.slice(0, space);
  const afterLang = space === -1 ? '' : trimmed.slice(space);
  const metaText = afterLang.slice(leadingSpaces(afterLang));

  const closer = marker === 0x60 ? '`' : '~';
  const lines: string[] = [];
  let offset = lineEnd + 1;
  let current = line + 1;
  while (offset <= text.length && lineEnd < text.length) {
    const nl = text.indexOf('\n', offset);
    const end = nl === -1 ? text.length : nl;
    const content = text.slice(offset, end);
    if (isClosingFence(content, closer, size)) {
      const node: Code = {
        type: 'code',
        lang: lang === '' ? null : lang,
        meta: metaText === '' ? null : metaText,
        value: lines.join('\n'),
        position: { start: { line, column: 1, offset: start }, end: { line: current, column: end - offset + 1, offset: end } },
      };
      return { node, lastLine: current, lastLineEnd: end };
    }
    lines.push(content);
    if (nl === -1) break;
    offset = nl + 1;
    current++;
  }
  // Unclosed: remark runs it to the end of the document; leave that to remark.
  return undefined;
}

/** Up to 3 spaces, at least `size` fence characters, then only spaces. */
function isClosingFence(line: string, closer: string, size: number): boolean {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  let run = 0;
  while (line[i + run] === closer) run++;
  if (run < size) return false;
  for (let j = i + run; j < line.length; j++) if (line[j] !== ' ') return false;
  return true;
}
