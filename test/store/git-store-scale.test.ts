// GitStore with 10,000 runs on the branch (one giant seeding commit, sop(bulk)): listing reads every state, puts land on top.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { gitEnv } from '../../src/store/git-exec.js';
import { GitStore } from '../../src/store/git-store.js';
import { applyWrite } from '../../src/store/run-files.js';
import { auditPath, statePath } from '../../src/store/run-layout.js';
import { verifyRun } from '../../src/store/verify.js';
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
    const texts = applyWrite(id, null, null, { state: makeState(id, { current_step: Number(id.slice(-4)) % 7 }), events: [event('run_started')], message: 'run started' });
    parts.push(Buffer.from(`M 100644 inline ${statePath(id)}\n`));
    data(texts.state);
    parts.push(Buffer.from(`M 100644 inline ${auditPath(id)}\n`));
    data(texts.audit);
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], { cwd: repoDir, env: gitEnv(), stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed: ${stderr}`))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(Buffer.concat(parts));
  });
}

describe('GitStore at scale', () => {
  it(`lists ${COUNT} runs in date order across day folders, and puts on top of them`, async () => {
    const repo = await makeTempRepo();
    // Spread over 28 day folders and two months.
    const ids = Array.from({ length: COUNT }, (_, i) => `run-2026${i % 2 === 0 ? '10' : '11'}${String(1 + (i % 28)).padStart(2, '0')}-s${String(i).padStart(5, '0')}`);
    await fillBranch(repo.dir, ids);
    const store = new GitStore({ repoDir: repo.dir });
    await store.get(ids[0] as string); // start the reader, as a CLI's first read would

    const runs = await store.listRuns();
    expect(runs).toHaveLength(COUNT);
    // Both halves of the split read come back, in layout order (year, month, day, run id).
    expect(runs.map((run) => run.run_id)).toEqual([...ids].sort());
    for (const i of [1234, 9876]) {
      expect(runs.find((run) => run.run_id === ids[i])).toEqual(makeState(ids[i] as string, { current_step: i % 7 }));
    }

    const id = ids[5001] as string;
    let version = (await store.get(id))?.version ?? null;
    for (let i = 0; i < 10; i++) {
      const put = await store.put(id, version, makeWrite(id, `step ${i}`));
      if (!put.ok) throw new Error('put conflicted');
      version = put.version;
    }
    expect(await verifyRun(store, id)).toMatchObject({ ok: false, problems: [expect.stringContaining('is not a sop(run-') as unknown] });
    expect((await store.listRunIds()).length).toBe(COUNT);
    expect(await repo.git('fsck', '--no-dangling')).toBe('');
    await store.close();
  }, 300_000);
});
