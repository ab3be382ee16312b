// GitStore with 10,000 runs on the branch: listing reads every state in one pass, and a put stays cheap.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEvents } from '../../src/audit/chain.js';
import { GitStore } from '../../src/store/git-store.js';
import { toFileJson } from '../../src/store/run-files.js';
import { cleanupTempRepos, makeTempRepo } from '../support/git.js';
import { event, makeState, makeWrite } from './fixtures.js';

afterAll(cleanupTempRepos);

const COUNT = 10_000;

/** Fill the state branch in one `git fast-import` (putting 10,000 runs one by one would take minutes). */
async function fillBranch(repoDir: string, ids: string[]): Promise<void> {
  const parts: Buffer[] = [];
  const data = (text: string): void => {
    const body = Buffer.from(text, 'utf8');
    parts.push(Buffer.from(`data ${body.length}\n`), body, Buffer.from('\n'));
  };
  parts.push(Buffer.from('commit refs/heads/sop-state\ncommitter sop-engine <sop-engine@users.noreply.github.com> 1790000000 +0000\n'));
  data('sop(bulk): 10,000 runs');
  for (const id of ids) {
    parts.push(Buffer.from(`M 100644 inline sop-state/${id}.json\n`));
    data(toFileJson(makeState(id, { current_step: Number(id.slice(-4)) % 7 })));
    parts.push(Buffer.from(`M 100644 inline sop-audit/${id}.json\n`));
    data(toFileJson(appendEvents(null, id, [event('run_started')])));
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], { cwd: repoDir, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed: ${stderr}`))));
    child.stdin.end(Buffer.concat(parts));
  });
}

describe('GitStore at scale', () => {
  it(`lists ${COUNT} runs in well under a second and still puts quickly`, async () => {
    const repo = await makeTempRepo();
    const ids = Array.from({ length: COUNT }, (_, i) => `run-20261126-s${String(i).padStart(5, '0')}`);
    await fillBranch(repo.dir, ids);
    const store = new GitStore({ repoDir: repo.dir });
    await store.get(ids[0] as string); // start the reader, as a CLI's first read would

    let started = performance.now();
    const runs = await store.listRuns();
    const listMs = performance.now() - started;
    expect(runs).toHaveLength(COUNT);
    expect(runs[1234]).toEqual(makeState('run-20261126-s01234', { current_step: 1234 % 7 }));
    // Both halves of the split read come back, in branch order.
    expect(runs.map((run) => run.run_id)).toEqual(ids);
    expect(runs[9876]).toEqual(makeState('run-20261126-s09876', { current_step: 9876 % 7 }));
    // One tree read and one pipelined batch of blob reads; a process per run would take minutes.
    expect(listMs).toBeLessThan(3000);

    const id = ids[5000] as string;
    let version = (await store.get(id))?.version ?? null;
    started = performance.now();
    for (let i = 0; i < 10; i++) {
      const put = await store.put(id, version, makeWrite(id, `step ${i}`));
      if (!put.ok) throw new Error('put conflicted');
      version = put.version;
    }
    const putMs = (performance.now() - started) / 10;
    expect(putMs).toBeLessThan(500);
    expect((await store.listRunIds()).length).toBe(COUNT);
    expect(await repo.git('fsck', '--no-dangling')).toBe('');
    await store.close();
    console.log(`listRuns(${COUNT}): ${listMs.toFixed(0)} ms; put with ${COUNT} runs: ${putMs.toFixed(1)} ms`);
  });
});
