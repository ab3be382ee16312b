// Real concurrency against both stores: many processes and store instances writing at once lose nothing and never double-claim.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/chain.js';
import { DirStore } from '../../src/store/dir-store.js';
import { GitStore } from '../../src/store/git-store.js';
import type { StateStore } from '../../src/store/types.js';
import { verifyRun } from '../../src/store/verify.js';
import { cleanupTempRepos, makeTempDir, makeTempRepo } from '../support/git.js';
import { claimStep1, createWaitingRun, writeSteps } from '../support/store-workloads.js';

afterAll(cleanupTempRepos);

type Kind = 'git' | 'dir';

async function location(kind: Kind): Promise<string> {
  return kind === 'git' ? (await makeTempRepo()).dir : makeTempDir('sop-dir-');
}

function open(kind: Kind, where: string): StateStore {
  return kind === 'git' ? new GitStore({ repoDir: where }) : new DirStore(where);
}

/** The writer as the tests' globalSetup bundled it (test/support/build-bundles.ts), else run from source. */
const WRITER = process.env['SOP_TEST_STORE_WRITER'] ? [process.env['SOP_TEST_STORE_WRITER']] : ['--import', 'tsx', 'test/support/store-writer.ts'];

/** Start one writer process per argument list, release them together, and collect their results. */
async function raceProcesses(argLists: string[][]): Promise<unknown[]> {
  const children = argLists.map((args) => {
    const child = spawn(process.execPath, [...WRITER, ...args], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const iterator = lines[Symbol.asyncIterator]();
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    return { child, iterator, exited, stderr: () => stderr };
  });
  for (const c of children) {
    const first = await c.iterator.next();
    if (first.value !== 'ready') throw new Error(`writer did not start: ${c.stderr()}`);
  }
  for (const c of children) c.child.stdin.end('go\n');
  return Promise.all(
    children.map(async (c) => {
      const line = await c.iterator.next();
      const code = await c.exited;
      if (code !== 0 || line.done === true) throw new Error(`writer failed (exit ${code}): ${c.stderr()}`);
      return JSON.parse(line.value) as unknown;
    }),
  );
}

/** 96 commits made by git processes that race and rebuild: minutes on a loaded 2-core machine. */
const SLOW = 300_000;

const RUNS = Array.from({ length: 16 }, (_, i) => `run-20261126-conc${String(i).padStart(2, '0')}`);

describe.each<Kind>(['git', 'dir'])('%s store under concurrency', (kind) => {
  async function expectAllSteps(where: string, steps: number): Promise<void> {
    const store = open(kind, where);
    expect((await store.listRunIds()).sort()).toEqual(RUNS);
    for (const runId of RUNS) {
      const snap = await store.get(runId);
      expect(snap?.audit.events.map((e) => e.step)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
      expect(snap && verifyChain(snap.audit)).toEqual({ ok: true, count: steps });
      expect(Object.keys(snap?.state.outputs ?? {})).toHaveLength(steps);
      expect(await store.readLog(runId)).toBe(Array.from({ length: steps }, (_, i) => `step ${i + 1}\n`).join(''));
      expect(await verifyRun(store, runId)).toEqual({ ok: true, events: steps });
    }
    await store.close();
  }

  it('16 writer processes on 16 distinct runs lose no update', async () => {
    const where = await location(kind);
    const results = await raceProcesses(RUNS.map((runId) => [kind, where, runId, 'steps', '5']));
    expect(results).toEqual(RUNS.map(() => 5));
    await expectAllSteps(where, 5);
  }, SLOW);

  it('16 store instances in one process on 16 distinct runs lose no update', async () => {
    const where = await location(kind);
    const stores = RUNS.map(() => open(kind, where));
    await Promise.all(RUNS.map((runId, i) => writeSteps(stores[i] as StateStore, runId, 5)));
    await Promise.all(stores.map((s) => s.close()));
    await expectAllSteps(where, 5);
  }, SLOW);

  it('racing processes claim step 1 exactly once', async () => {
    const where = await location(kind);
    const runId = 'run-20261126-claim1';
    const setup = open(kind, where);
    await createWaitingRun(setup, runId);
    const results = await raceProcesses(['a', 'b', 'c', 'd'].map((worker) => [kind, where, runId, 'claim', worker]));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'already')).toHaveLength(3);
    const started = (await setup.get(runId))?.audit.events.filter((e) => e.type === 'step_started');
    expect(started).toHaveLength(1);
    await setup.close();
  });

  it('racing store instances claim step 1 exactly once, on many runs', async () => {
    const where = await location(kind);
    const setup = open(kind, where);
    const runs = Array.from({ length: 10 }, (_, i) => `run-20261126-claim${i}x`);
    for (const runId of runs) await createWaitingRun(setup, runId);
    const racers = [open(kind, where), open(kind, where)];
    for (const runId of runs) {
      const results = await Promise.all(racers.map((store, i) => claimStep1(store, runId, `worker-${i}`)));
      expect(results.sort()).toEqual(['already', 'claimed']);
      expect((await setup.get(runId))?.audit.events.filter((e) => e.type === 'step_started')).toHaveLength(1);
    }
    await Promise.all([setup, ...racers].map((s) => s.close()));
  });
});
