// SOP-authored markdown (descriptions, titles) with raw HTML made inert, so a `<!--` or a tag hides nothing after it.
// It parses with remark, so it is only loaded where SOPs are parsed anyway (not on the Action's cold start).
import type { Nodes } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** remark, the parser that reads SOPs, so what counts as code here is what the SOP parser saw as code. */
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

