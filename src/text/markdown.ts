// Markdown that shows commands, payloads and people's text as written: nothing in it can hide or fake what follows.
// (SOP-authored markdown, which needs a parser, is in escape-html.ts, so this file loads no markdown parser.)
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
