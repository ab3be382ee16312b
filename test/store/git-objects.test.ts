// Git object formats written without git: ids, tree order and edits agree with git itself.
import { afterAll, describe, expect, it } from 'vitest';
import { BLOB_MODE, TREE_MODE, editTree, findTreeEntry, objectId, parseTree, serializeTree, type TreeEntry } from '../../src/store/git-objects.js';
import { cleanupTempRepos, makeTempRepo, runGitIn } from '../support/git.js';
import { execFileSync } from 'node:child_process';

afterAll(cleanupTempRepos);

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('git objects', () => {
  it('computes the same blob id as git hash-object', async () => {
    const repo = await makeTempRepo();
    const content = 'hello\nworld\n';
    const viaGit = execFileSync('git', ['hash-object', '--stdin'], { cwd: repo.dir, input: content }).toString().trim();
    expect(objectId('blob', Buffer.from(content))).toBe(viaGit);
  });

  it('orders tree entries as git mktree does (a tree sorts as name/)', async () => {
    const repo = await makeTempRepo();
    const blob = (await runGitIn(repo.dir, ['hash-object', '-w', 'README.md'])).trim();
    const tree = (await runGitIn(repo.dir, ['write-tree'])).trim();
    const entries: TreeEntry[] = [
      { mode: BLOB_MODE, name: 'foo.txt', oid: blob },
      { mode: TREE_MODE, name: 'foo', oid: tree },
      { mode: BLOB_MODE, name: 'foo-bar', oid: blob },
      { mode: BLOB_MODE, name: 'Zeta', oid: blob },
    ];
    const input = entries.map((e) => `${e.mode === TREE_MODE ? '040000 tree' : '100644 blob'} ${e.oid}\t${e.name}`).join('\n');
    const viaGit = execFileSync('git', ['mktree'], { cwd: repo.dir, input: `${input}\n` }).toString().trim();
    expect(objectId('tree', serializeTree(entries))).toBe(viaGit);
  });

  it('edits a tree: replaces by name, inserts in order, keeps the rest', () => {
    const base = serializeTree([
      { mode: BLOB_MODE, name: 'b.json', oid: A },
      { mode: BLOB_MODE, name: 'd.json', oid: A },
    ]);
    const edited = editTree(base, [
      { mode: BLOB_MODE, name: 'e.json', oid: C },
      { mode: BLOB_MODE, name: 'b.json', oid: B },
      { mode: BLOB_MODE, name: 'a.json', oid: C },
    ]);
    expect(parseTree(edited).map((e) => `${e.name}:${e.oid[0]}`)).toEqual(['a.json:c', 'b.json:b', 'd.json:a', 'e.json:c']);
    expect(edited).toEqual(serializeTree(parseTree(edited)));
    expect(findTreeEntry(edited, 'd.json')?.oid).toBe(A);
    expect(findTreeEntry(edited, 'x.json')).toBeNull();
    expect(parseTree(editTree(null, [{ mode: BLOB_MODE, name: 'x', oid: A }]))).toEqual([{ mode: BLOB_MODE, name: 'x', oid: A }]);
  });
});
