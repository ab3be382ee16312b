// Git's object formats (sha1): write loose objects directly, and read/edit tree objects, without spawning git.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { deflateSync, constants as zlib } from 'node:zlib';

export type ObjectType = 'blob' | 'tree' | 'commit';

export const TREE_MODE = '40000';
export const BLOB_MODE = '100644';

export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

/** The id git gives `content` as an object of `type`. */
export function objectId(type: ObjectType, content: Buffer): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}

export interface PendingObject {
  type: ObjectType;
  content: Buffer;
}

/**
 * Writes loose objects into an objects directory, exactly as `git hash-object -w` would
 * (zlib-deflated `<type> <size>\0<content>` at objects/xx/yyyy…), so a put costs no process start.
 * A temporary file renamed into place means a reader never sees a half-written object; renaming
 * over an existing copy is harmless because the content is identical by construction.
 */
export class LooseObjectWriter {
  private readonly knownDirs = new Set<string>();

  constructor(private readonly objectsDir: string) {}

  /** Write all objects concurrently (none refers to a ref yet, so order does not matter). */
  async writeAll(objects: PendingObject[]): Promise<void> {
    await Promise.all(objects.map((object) => this.write(object.type, object.content)));
  }

  async write(type: ObjectType, content: Buffer): Promise<string> {
    const oid = objectId(type, content);
    const dir = path.join(this.objectsDir, oid.slice(0, 2));
    if (!this.knownDirs.has(dir)) {
      await fs.mkdir(dir, { recursive: true });
      this.knownDirs.add(dir);
    }
    const raw = Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]);
    // Fastest compression: objects are rewritten on every transition (the audit file and the trees
    // grow with the run), so deflate time is on the per-step path; `git gc` repacks them tighter.
    const level = zlib.Z_BEST_SPEED;
    const tmp = path.join(dir, `tmp_obj_${process.pid}_${randomBytes(6).toString('hex')}`);
    await fs.writeFile(tmp, deflateSync(raw, { level }), { mode: 0o444 });
    await fs.rename(tmp, path.join(dir, oid.slice(2)));
    return oid;
  }
}

export function parseTree(content: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(32, at);
    const nul = content.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > content.length) throw new Error('corrupt tree object');
    entries.push({
      mode: content.subarray(at, space).toString('latin1'),
      name: content.subarray(space + 1, nul).toString('utf8'),
      oid: content.subarray(nul + 1, nul + 21).toString('hex'),
    });
    at = nul + 21;
  }
  return entries;
}

/** Find one entry by name without materialising the whole tree (trees can hold 20,000 entries). */
export function findTreeEntry(content: Buffer, name: string): TreeEntry | null {
  const wanted = Buffer.from(name, 'utf8');
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(32, at);
    const nul = content.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > content.length) throw new Error('corrupt tree object');
    if (nul - space - 1 === wanted.length && content.compare(wanted, 0, wanted.length, space + 1, nul) === 0) {
      return {
        mode: content.subarray(at, space).toString('latin1'),
        name,
        oid: content.subarray(nul + 1, nul + 21).toString('hex'),
      };
    }
    at = nul + 21;
  }
  return null;
}

/** Git orders entries by name bytes, with a tree's name compared as if it ended in "/". */
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(entry.mode === TREE_MODE ? `${entry.name}/` : entry.name, 'utf8');
}

export function serializeTree(entries: TreeEntry[]): Buffer {
  const sorted = entries
    .map((entry) => ({ entry, key: sortKey(entry) }))
    .sort((a, b) => Buffer.compare(a.key, b.key));
  const parts: Buffer[] = [];
  for (const { entry } of sorted) {
    parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.oid, 'hex'));
  }
  return Buffer.concat(parts);
}

/**
 * A copy of tree `content` with `changes` applied (entries with the same name are replaced,
 * new names inserted). Unchanged entries are copied as raw bytes, which keeps a put on a
 * branch with 10,000 runs cheap.
 */
export function editTree(content: Buffer | null, changes: TreeEntry[]): Buffer {
  if (content === null || content.length === 0) return serializeTree(changes);
  const pending = changes
    .map((entry) => ({ entry, key: sortKey(entry) }))
    .sort((a, b) => Buffer.compare(a.key, b.key));
  const parts: Buffer[] = [];
  let at = 0;
  let next = 0;
  const emit = (entry: TreeEntry): void => {
    parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.oid, 'hex'));
  };
  while (at < content.length) {
    const space = content.indexOf(32, at);
    const nul = content.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > content.length) throw new Error('corrupt tree object');
    const isTree = content.subarray(at, space).toString('latin1') === TREE_MODE;
    const name = content.subarray(space + 1, nul);
    const key = isTree ? Buffer.concat([name, Buffer.from('/')]) : name;
    let replaced = false;
    for (;;) {
      const change = pending[next];
      if (change === undefined) break;
      const order = Buffer.compare(change.key, key);
      const sameName = change.entry.name === name.toString('utf8');
      if (sameName) {
        emit(change.entry);
        next++;
        replaced = true;
        break;
      }
      if (order >= 0) break;
      emit(change.entry);
      next++;
    }
    if (!replaced) parts.push(content.subarray(at, nul + 21));
    at = nul + 21;
  }
  for (; next < pending.length; next++) emit((pending[next] as { entry: TreeEntry }).entry);
  return Buffer.concat(parts);
}

export interface Identity {
  name: string;
  email: string;
}

export function serializeCommit(tree: string, parents: string[], author: Identity, committer: Identity, message: string, when: Date): Buffer {
  const seconds = Math.floor(when.getTime() / 1000);
  const lines = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`)];
  lines.push(`author ${author.name} <${author.email}> ${seconds} +0000`);
  lines.push(`committer ${committer.name} <${committer.email}> ${seconds} +0000`);
  const body = message.endsWith('\n') ? message : `${message}\n`;
  return Buffer.from(`${lines.join('\n')}\n\n${body}`, 'utf8');
}
