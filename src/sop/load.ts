// Reads SOP files from disk (the I/O edge of this folder) and builds a catalog of good SOPs and errors.
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { findDuplicateNames, type NamedSop } from './duplicates.js';
import { NEEDS_MARKDOWN, parseSopWith, type DetailedParse, type MarkdownReader } from './parse-core.js';
import type { SopCatalog, SopError } from './types.js';

export { findSop } from './find-sop.js';

export interface LoadOptions {
  /** Paths in results are relative to this folder when inside it (default: the current directory). */
  root?: string;
}

/** Files being read while earlier ones are parsed. */
const READ_AHEAD = 16;

const HOW_TO_SET = 'create it, or point to your SOP folder with --dir (CLI) or the sops-dir input (Action)';

/** Every `*.md` under `dir`, recursively, except README.md files; sorted by path. */
export async function loadSops(dir: string, opts: LoadOptions = {}): Promise<SopCatalog> {
  const root = resolve(opts.root ?? process.cwd());
  const abs = resolve(root, dir);
  const info = await statOrUndefined(abs);
  if (info === undefined || !info.isDirectory()) {
    const shown = display(abs, root);
    const message = info === undefined ? `SOP folder "${shown}" does not exist` : `"${shown}" is not a folder`;
    return { sops: [], errors: [{ file: shown, line: 1, column: 1, message, hint: HOW_TO_SET }], badFiles: [] };
  }
  const found = await collect(abs);
  return parseFiles(found.files, root, found.errors.map((e) => ({ ...e, file: display(e.file, root) })));
}

/**
 * For `sop validate [PATH...]`: each path is a file (validated whatever its name) or a folder
 * (every `*.md` inside except README.md). Names must be unique across everything validated.
 */
export async function validatePaths(paths: readonly string[], opts: LoadOptions = {}): Promise<SopCatalog> {
  const root = resolve(opts.root ?? process.cwd());
  const files = new Set<string>();
  const errors: SopError[] = [];
  for (const p of paths) {
    const abs = resolve(root, p);
    const info = await statOrUndefined(abs);
    if (info === undefined) {
      errors.push({ file: display(abs, root), line: 1, column: 1, message: `"${p}" does not exist`, hint: 'check the path; give SOP files or folders that contain them' });
    } else if (info.isDirectory()) {
      const found = await collect(abs);
      found.files.forEach((f) => files.add(f));
      errors.push(...found.errors.map((e) => ({ ...e, file: display(e.file, root) })));
    } else {
      files.add(abs);
    }
  }
  return parseFiles([...files], root, errors);
}

async function parseFiles(absFiles: readonly string[], root: string, earlier: SopError[]): Promise<SopCatalog> {
  const ordered = absFiles.map((abs) => ({ abs, shown: display(abs, root) })).sort((a, b) => compare(a.shown, b.shown));
  const errors: SopError[] = [...earlier];
  // Folder-level problems (missing paths, unreadable folders) are errors but not bad *files*.
  const bad = new Set<string>();
  const good: NamedSop[] = [];
  // Reads run a few files ahead of parsing: one-at-a-time reads were a third of a 1,000-file load.
  const reads: (Promise<Uint8Array | Error> | undefined)[] = [];
  const readAhead = (i: number): void => {
    const next = ordered[i];
    if (next !== undefined && reads[i] === undefined) reads[i] = readFile(next.abs).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  };
  for (let i = 0; i < READ_AHEAD; i++) readAhead(i);
  for (const [i, { shown }] of ordered.entries()) {
    readAhead(i + READ_AHEAD);
    const bytes = await (reads[i] as Promise<Uint8Array | Error>);
    reads[i] = undefined;
    if (bytes instanceof Error) {
      errors.push({ file: shown, line: 1, column: 1, message: `cannot read the file: ${bytes.message}`, hint: 'check that it exists and is readable' });
      bad.add(shown);
      continue;
    }
    const { result, nameAt } = await parseLoaded(shown, bytes);
    if (result.ok) {
      good.push({ sop: result.sop, nameAt });
    } else {
      errors.push(...result.errors);
      bad.add(shown);
    }
  }
  const duplicates = findDuplicateNames(good);
  duplicates.forEach((d) => bad.add(d.file));
  errors.push(...duplicates);
  const order = new Map(ordered.map((o, i) => [o.shown, i]));
  errors.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line || a.column - b.column);
  return {
    sops: good.map((g) => g.sop).filter((s) => !bad.has(s.path)),
    errors,
    badFiles: [...bad].sort(compare),
  };
}

/** remark, loaded by the first file the line scanner declines; plain folders never load it. */
let markdown: Promise<MarkdownReader> | undefined;

async function parseLoaded(shown: string, bytes: Uint8Array): Promise<DetailedParse> {
  const fast = parseSopWith(shown, bytes, {}, undefined);
  if (fast !== NEEDS_MARKDOWN) return fast;
  markdown ??= import('./markdown.js').then((m) => m.readMarkdown);
  const parsed = parseSopWith(shown, bytes, {}, await markdown);
  // With a reader given, parse-core never asks for one; the check only narrows the type.
  if (parsed === NEEDS_MARKDOWN) throw new Error('parseSopWith asked for a markdown reader it was given');
  return parsed;
}

/** Recursively lists SOP files; unreadable folders become errors, not exceptions. */
async function collect(dir: string): Promise<{ files: string[]; errors: SopError[] }> {
  const files: string[] = [];
  const errors: SopError[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      errors.push({ file: d, line: 1, column: 1, message: `cannot read the folder: ${e instanceof Error ? e.message : String(e)}`, hint: 'check its permissions' });
      return;
    }
    for (const entry of entries) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (isSopFileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await statOrUndefined(full))?.isFile() === true))) {
        files.push(full);
      }
    }
  };
  await walk(dir);
  return { files, errors };
}

/** `*.md`, except README.md in any letter case (folder documentation, not a procedure). */
export function isSopFileName(name: string): boolean {
  return name.endsWith('.md') && name.toLowerCase() !== 'readme.md';
}

async function statOrUndefined(p: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

/** Relative to root with "/" separators when inside it; absolute otherwise. */
function display(abs: string, root: string): string {
  const rel = relative(root, abs);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return abs;
  return rel.split(sep).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
