// Parses one SOP file's bytes into a typed definition, or into every located error it has. Pure: no I/O.
// Synchronous, so it loads remark up front; loadSops uses parse-core.ts and loads remark only when a file needs it.
import { readMarkdown } from './markdown.js';
import { NEEDS_MARKDOWN, parseSopWith, type DetailedParse, type ParseOptions } from './parse-core.js';
import type { ParseResult } from './types.js';

export { MAX_SOP_BYTES, type DetailedParse, type FilePoint, type ParseOptions } from './parse-core.js';

export function parseSop(path: string, content: string | Uint8Array): ParseResult {
  return parseSopDetailed(path, content).result;
}

/** parseSop with the remark reader only: the reference the fast scanner is tested against. */
export function parseSopWithRemark(path: string, content: string | Uint8Array): ParseResult {
  return parseSopDetailed(path, content, { markdown: 'remark' }).result;
}

export function parseSopDetailed(path: string, content: string | Uint8Array, options: ParseOptions = {}): DetailedParse {
  const parsed = parseSopWith(path, content, options, readMarkdown);
  // With a reader given, parse-core never asks for one; the check only narrows the type.
  if (parsed === NEEDS_MARKDOWN) throw new Error('parseSopWith asked for a markdown reader it was given');
  return parsed;
}
