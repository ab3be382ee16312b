// GitObjectReader: pipelined reads through one `git cat-file` process, in order, with missing objects as null.
import { writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { GitObjectReader } from '../../src/store/git-object-reader.js';
import { cleanupTempRepos, makeTempRepo } from '../support/git.js';

afterAll(cleanupTempRepos);

/** A repository with `count` blobs of distinct contents; returns their oids in order. */
async function repoWithBlobs(count: number): Promise<{ dir: string; oids: string[]; texts: string[] }> {
  const repo = await makeTempRepo();
  const texts = Array.from({ length: count }, (_, i) => `blob ${i} ${'é'.repeat(i % 5)}\n${'x'.repeat((i * 37) % 3000)}`);
  const oids: string[] = [];
  for (const text of texts) {
    const file = `${repo.dir}/.tmp-blob`;
    await writeFile(file, text);
    oids.push(await repo.git('hash-object', '-w', file));
  }
  return { dir: repo.dir, oids, texts };
}

describe('GitObjectReader', () => {
  it('readEach answers every name in order, large batches split across pipe chunks, and missing ones as null', async () => {
    const { dir, oids, texts } = await repoWithBlobs(60);
    const reader = new GitObjectReader(dir);
    const names = [...oids.slice(0, 30), 'f'.repeat(40), ...oids.slice(30)];
    const seen: (string | null)[] = [];
    await reader.readEach(names, (index, object) => {
      expect(index).toBe(seen.length);
      seen.push(object === null ? null : object.content.toString('utf8'));
    });
    expect(seen).toEqual([...texts.slice(0, 30), null, ...texts.slice(30)]);
    await reader.close();
  });

  it('readMany returns copies that stay valid after later reads', async () => {
    const { dir, oids, texts } = await repoWithBlobs(3);
    const reader = new GitObjectReader(dir);
    const first = await reader.readMany(oids);
    await reader.readMany([...oids].reverse());
    expect(first.map((object) => object?.content.toString('utf8'))).toEqual(texts);
    expect(first.map((object) => object?.type)).toEqual(['blob', 'blob', 'blob']);
    expect(await reader.read('0'.repeat(40))).toBeNull();
    await reader.close();
  });

  it('a visit that throws rejects that read only; the reader keeps answering later reads in order', async () => {
    const { dir, oids, texts } = await repoWithBlobs(4);
    const reader = new GitObjectReader(dir);
    const failing = reader.readEach(oids, (index) => {
      if (index === 1) throw new Error('bad state file');
    });
    const after = reader.readMany([oids[3] as string, oids[0] as string]);
    await expect(failing).rejects.toThrow('bad state file');
    expect((await after).map((object) => object?.content.toString('utf8'))).toEqual([texts[3], texts[0]]);
    await reader.close();
  });

  it('refuses a name with a newline instead of desynchronising the batch', async () => {
    const { dir, oids } = await repoWithBlobs(1);
    const reader = new GitObjectReader(dir);
    await expect(reader.readEach(['HEAD\nHEAD'], () => undefined)).rejects.toThrow('object name must be one line');
    expect(await reader.read(oids[0] as string)).not.toBeNull();
    await reader.close();
  });
});
