// Git tree objects as the store reads them (raw `cat-file` content) and writes them (`git mktree` input lines).

export const TREE_MODE = '40000';
export const BLOB_MODE = '100644';

export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

/** Bytes of a binary object id: 20 for sha1 repositories, 32 for sha256 ones. */
export function oidBytes(objectFormat: string): number {
  if (objectFormat === 'sha1') return 20;
  if (objectFormat === 'sha256') return 32;
  throw new Error(`unknown git object format ${JSON.stringify(objectFormat)}; sop-engine knows sha1 and sha256`);
}

/** Entries of a raw tree object, in git's order. */
export function parseTree(content: Buffer, hashBytes: number): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(32, at);
    const nul = space < 0 ? -1 : content.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + hashBytes > content.length) throw new Error('corrupt tree object; run git fsck');
    entries.push({
      mode: content.subarray(at, space).toString('latin1'),
      name: content.subarray(space + 1, nul).toString('utf8'),
      oid: content.subarray(nul + 1, nul + 1 + hashBytes).toString('hex'),
    });
    at = nul + 1 + hashBytes;
  }
  return entries;
}

/** `entries` with `changes` applied by name (added or replaced). */
export function withEntries(entries: TreeEntry[], changes: TreeEntry[]): TreeEntry[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  for (const change of changes) byName.set(change.name, change);
  return [...byName.values()];
}

/** The `git mktree` input for a tree (one `<mode> <type> <oid>\t<name>` line per entry; mktree sorts). */
export function mktreeInput(entries: TreeEntry[]): string {
  return entries
    .map((entry) => {
      if (/[\n\t]/.test(entry.name)) throw new Error(`tree entry name ${JSON.stringify(entry.name)} contains a tab or newline`);
      const type = entry.mode === TREE_MODE ? 'tree' : entry.mode === '160000' ? 'commit' : 'blob';
      return `${entry.mode} ${type} ${entry.oid}\t${entry.name}\n`;
    })
    .join('');
}
