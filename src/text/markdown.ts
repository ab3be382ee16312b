// Markdown that shows SOP, payload and people's text as written: nothing in it can hide or fake what follows it.
import type { Nodes } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { cutAt } from './bounded.js';

function longestRun(text: string, char: '`' | '~'): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * `text` in a fenced code block whose backtick fence is longer than any backtick run inside it, so no line of
 * the text can close it (a tilde line never closes a backtick fence). `lang` is ours, never the text's.
 */
export function fenced(text: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** Characters that change what a reader sees without showing themselves: controls, direction marks, zero widths. */
const INVISIBLE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * `text` with every invisible or direction-changing character written as ⟨U+XXXX⟩ (tab and newline stay), and the
 * code points found, so a reader sees exactly which characters a command holds (no "Trojan Source" reordering).
 */
export function showInvisible(text: string): { text: string; found: string[] } {
  const found = new Set<string>();
  const shown = text.replace(INVISIBLE, (c) => {
    const name = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    found.add(name);
    return `⟨${name}⟩`;
  });
  return { text: shown, found: [...found] };
}

/** remark, the parser that reads SOPs, so escaping agrees with what the SOP parser saw as code. */
const remark = unified().use(remarkParse).freeze();

/** Offsets [start, end) of the code spans and code blocks of a parsed markdown text. */
function codeRanges(node: Nodes, out: Array<[number, number]>): Array<[number, number]> {
  if (node.type === 'code' || node.type === 'inlineCode') {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start !== undefined && end !== undefined) out.push([start, end]);
    return out;
  }
  if ('children' in node) for (const child of node.children) codeRanges(child, out);
  return out;
}

/**
 * SOP-authored markdown with raw HTML made inert: every `<` outside code becomes `&lt;`, so an HTML comment
 * (`<!--`) or tag cannot swallow what follows. Text renders the same (`&lt;` shows as `<`); code is untouched,
 * since GitHub escapes it anyway.
 */
export function escapeHtml(markdown: string): string {
  if (!markdown.includes('<')) return markdown;
  const ranges = codeRanges(remark.parse(markdown), []).sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    out += markdown.slice(at, start).replace(/</g, '&lt;') + markdown.slice(start, end);
    at = end;
  }
  return out + markdown.slice(at).replace(/</g, '&lt;');
}

/** SOP-authored markdown as a block quote: HTML escaped, and a fence left open inside ends with the quote. */
export function quoted(markdown: string): string {
  return escapeHtml(markdown)
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** An SOP-authored one-line text (a title) with HTML escaped and line breaks removed. */
export function inlineMarkdown(text: string): string {
  return escapeHtml(text.replace(/\s*[\r\n]+\s*/g, ' '));
}

/** Characters that open inline markdown (emphasis, code, links, HTML, entities, strikethrough, tables, math). */
const INLINE_PUNCTUATION = /[\\`*_[\]<>&~|$]/g;
/** What makes a line a heading, list item, quote or thematic break when it starts the line. */
const LINE_START = /^(\d*)([#+\-=.)])/;

/**
 * A person's text (a rejection reason, a refusal) shown literally on one line: markdown characters escaped with a
 * backslash (CommonMark 2.4), invisible characters shown as ⟨U+XXXX⟩, line breaks as spaces, at most `max` characters.
 */
export function literal(text: string, max = 1_000): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const cut = cutAt(line, max);
  const escaped = showInvisible(cut)
    .text.replace(INLINE_PUNCTUATION, '\\$&')
    .replace(LINE_START, '$1\\$2');
  return escaped + (cut.length < line.length ? '…' : '');
}

/** `text` (one line) as an inline code span that no backtick inside it can end (CommonMark 6.1). */
export function codeSpan(text: string): string {
  const line = showInvisible(text.replace(/[\r\n]+/g, ' ')).text;
  const ticks = '`'.repeat(longestRun(line, '`') + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || (line.startsWith(' ') && line.endsWith(' ')) ? ' ' : '';
  return `${ticks}${pad}${line}${pad}${ticks}`;
}
