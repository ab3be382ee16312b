// Reads SOP files from disk (the I/O edge of this folder): a full catalog, a frontmatter-only index, or one SOP by name.
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { findDuplicateNames, type NamedSop } from './duplicates.js';
import { findSop, type FindSopResult } from './find-sop.js';
import type { FrontmatterFields } from './frontmatter.js';
import { parseSopDetailed, parseSopFrontmatter } from './parse.js';
import type { SopCatalog, SopDefinition, SopError } from './types.js';

export { findSop } from './find-sop.js';

export interface LoadOptions {
  /** Paths in results are relative to this folder when inside it (default: the current directory). */
  root?: string;
}

/** A file whose frontmatter is valid: what it says, and its bytes (so parsing it in full reads nothing again). */
export type SopIndexEntry = FrontmatterFields & { path: string; bytes: Uint8Array };

/** What the frontmatter of every file says: enough to match triggers and names without reading a single step. */
export interface SopIndex {
  sops: SopIndexEntry[];
  /** Frontmatter errors only: a bad body is found when that SOP is parsed in full. */
  errors: SopError[];
  badFiles: string[];
}

/** An SOP found by name and parsed in full, with the exact text it was parsed from (a run pins it). */
export interface LoadedSop {
  def: SopDefinition;
  source: string;
}

/** Files being read while earlier ones are parsed. */
const READ_AHEAD = 16;

const HOW_TO_SET = 'create it, or point to your SOP folder with --dir (CLI) or the sops-dir input (Action)';

type FileParse<T> = { ok: true; item: T; named: NamedSop } | { ok: false; errors: SopError[] };

/** Every `*.md` under `dir`, recursively, except README.md files, parsed in full; sorted by path. */
export async function loadSops(dir: string, opts: LoadOptions = {}): Promise<SopCatalog> {
  const { sops, errors, badFiles } = await loadFolder(dir, opts, parseFull);
  return { sops, errors, badFiles };
}

/** Every SOP file's frontmatter, without parsing a single step (schedules and dispatches match triggers on it). */
export async function loadSopIndex(dir: string, opts: LoadOptions = {}): Promise<SopIndex> {
  return loadFolder(dir, opts, parseHeader);
}

/** One SOP folder, read only as deeply as a request needs and at most once: a front end makes one per request. */
export interface SopFolder {
  /** Every file parsed in full (list, validate). */
  all(): Promise<SopCatalog>;
  /** Every file's frontmatter only (trigger matching, finding a name). */
  index(): Promise<SopIndex>;
  /**
   * The SOP named `name`, parsed in full: the index finds it (names must be unique) and only that
   * file's steps are parsed. An unknown name or a bad file is an error that says what to do.
   */
  load(name: string): Promise<FindSopResult<LoadedSop>>;
}

export function sopFolder(dir: string, opts: LoadOptions = {}): SopFolder {
  let all: Promise<SopCatalog> | undefined;
  let index: Promise<SopIndex> | undefined;
  const folder: SopFolder = {
    all: () => (all ??= loadSops(dir, opts)),
    index: () => (index ??= loadSopIndex(dir, opts)),
    async load(name) {
      const known = await folder.index();
      const found = findSop(known, name);
      if (found.ok) return parseIndexed(found.sop, name);
      // A missing or unreadable folder is not a bad file: say so, or "no SOP named x" hides the cause.
      const folders = known.errors.filter((e) => !known.badFiles.includes(e.file)).map((e) => e.message);
      return { ok: false, error: [found.error, ...folders].join('; ') };
    },
  };
  return folder;
}

function parseIndexed({ path, bytes }: SopIndexEntry, name: string): FindSopResult<LoadedSop> {
  const parsed = parseSopDetailed(path, bytes).result;
  if (!parsed.ok) {
    const first = parsed.errors[0];
    const where = first === undefined ? path : `${first.file}:${first.line}:${first.column}: ${first.message}`;
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    return { ok: false, error: `SOP "${name}" has errors and cannot run: ${where}${more}; run "sop validate ${path}" to see them all` };
  }
  return { ok: true, sop: { def: parsed.sop, source: Buffer.from(bytes).toString('utf8') } };
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
  return parseFiles([...files], root, errors, parseFull);
}

function parseFull(shown: string, bytes: Uint8Array): FileParse<SopDefinition> {
  const { result, nameAt } = parseSopDetailed(shown, bytes);
  return result.ok ? { ok: true, item: result.sop, named: { sop: result.sop, nameAt } } : { ok: false, errors: result.errors };
}

function parseHeader(shown: string, bytes: Uint8Array): FileParse<SopIndexEntry> {
  const header = parseSopFrontmatter(shown, bytes);
  if (header.fields === undefined) return { ok: false, errors: header.errors };
  const item: SopIndexEntry = { ...header.fields, path: shown, bytes };
  return { ok: true, item, named: { sop: item, nameAt: header.nameAt } };
}

async function loadFolder<T extends { path: string }>(
  dir: string,
  opts: LoadOptions,
  parse: (shown: string, bytes: Uint8Array) => FileParse<T>,
): Promise<{ sops: T[]; errors: SopError[]; badFiles: string[] }> {
  const root = resolve(opts.root ?? process.cwd());
  const abs = resolve(root, dir);
  const info = await statOrUndefined(abs);
  if (info === undefined || !info.isDirectory()) {
    const shown = display(abs, root);
    const message = info === undefined ? `SOP folder "${shown}" does not exist` : `"${shown}" is not a folder`;
    return { sops: [], errors: [{ file: shown, line: 1, column: 1, message, hint: HOW_TO_SET }], badFiles: [] };
  }
  const found = await collect(abs);
  return parseFiles(found.files, root, found.errors.map((e) => ({ ...e, file: display(e.file, root) })), parse);
}

async function parseFiles<T extends { path: string }>(
  absFiles: readonly string[],
  root: string,
  earlier: SopError[],
  parse: (shown: string, bytes: Uint8Array) => FileParse<T>,
): Promise<{ sops: T[]; errors: SopError[]; badFiles: string[] }> {
  const ordered = absFiles.map((abs) => ({ abs, shown: display(abs, root) })).sort((a, b) => compare(a.shown, b.shown));
  const errors: SopError[] = [...earlier];
  // Folder-level problems (missing paths, unreadable folders) are errors but not bad *files*.
  const bad = new Set<string>();
  const good: { item: T; named: NamedSop }[] = [];
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
    const parsed = parse(shown, bytes);
    if (parsed.ok) {
      good.push(parsed);
    } else {
      errors.push(...parsed.errors);
      bad.add(shown);
    }
  }
  const duplicates = findDuplicateNames(good.map((g) => g.named));
  duplicates.forEach((d) => bad.add(d.file));
  errors.push(...duplicates);
  const order = new Map(ordered.map((o, i) => [o.shown, i]));
  errors.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line || a.column - b.column);
  return {
    sops: good.map((g) => g.item).filter((s) => !bad.has(s.path)),
    errors,
    badFiles: [...bad].sort(compare),
  };
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
