// The remark markdown reader, for SOP bodies the line scanner declines. Its own module: loading it evaluates micromark.
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** Built once: creating a unified processor per file was a measurable part of parsing a folder. */
const processor = unified().use(remarkParse).freeze();

export function readMarkdown(text: string): Root {
  return processor.parse(text);
}
