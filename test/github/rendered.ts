// What a CommonMark renderer (remark, as GitHub's cmark-gfm) makes of a text: its code blocks, raw HTML and plain text.
import type { Nodes } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const remark = unified().use(remarkParse).freeze();

export interface Rendered {
  /** Top-level fenced code blocks, in order: what a reader sees as code. */
  code: { lang: string | null; value: string }[];
  /** Every raw HTML node: GitHub passes these to the browser, where `<!--` hides what follows. */
  html: string[];
  /** The visible text of all paragraphs, headings and list items (code spans included), one string. */
  text: string;
}

function textOf(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'code' || node.type === 'html') return '';
  if ('children' in node) return node.children.map(textOf).join(node.type === 'root' || node.type === 'list' ? '\n' : '');
  return '';
}

function collectHtml(node: Nodes, out: string[]): string[] {
  if (node.type === 'html') out.push(node.value);
  if ('children' in node) for (const child of node.children) collectHtml(child, out);
  return out;
}

export function rendered(markdown: string): Rendered {
  const tree = remark.parse(markdown);
  return {
    code: tree.children.flatMap((n) => (n.type === 'code' ? [{ lang: n.lang ?? null, value: n.value }] : [])),
    html: collectHtml(tree, []),
    text: textOf(tree),
  };
}
