// run(): the Action's orchestration in-process (main → route → handle → run-session → channel) against the fake GitHub,
// with the runner's environment injected; and apiTuning, the REST client knobs main.ts reads from the environment.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiTuning } from '../../src/action/main.js';
import { UserError } from '../../src/errors.js';
import { observeParsing, type ParseDepth } from '../../src/sop/parse.js';
import { GitStore } from '../../src/store/git-store.js';
import {
  commentEvent,
  dispatchEvent,
  makeActionRepo,
  readOriginState,
  runActionInProcess,
  startActionFake,
  type ActionEvent,
  type ActionRepo,
  type ActionResult,
} from '../support/action-harness.js';
import { scheduleEvent } from '../support/events.js';
import type { FakeGitHub } from '../support/fake-github.js';
import { cleanupTempRepos } from '../support/git.js';
import { DEPLOY, FAILING, NIGHTLY, sopFile } from '../e2e/sops.js';
import { reviewEvent } from '../support/pull-request-harness.js';

const fakes: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  await cleanupTempRepos();
});

async function setUp(): Promise<{ fake: FakeGitHub; repo: ActionRepo }> {
  const fake = await startActionFake();
  fakes.push(fake);
  for (const login of ['alice', 'bob']) fake.addCollaborator(login, 'write');
  const repo = await makeActionRepo({ sops: { 'sops/deploy.md': DEPLOY, 'sops/failing.md': FAILING, 'sops/nightly.md': NIGHTLY } });
  return { fake, repo };
}

/** One in-process workflow run, and every SOP file it parsed (path and depth). */
async function runWatched(fake: FakeGitHub, repo: ActionRepo, event: ActionEvent, inputs?: Record<string, string>): Promise<{ r: ActionResult; parsed: [string, ParseDepth][] }> {
  const parsed: [string, ParseDepth][] = [];
  const restore = observeParsing((path, depth) => parsed.push([path, depth]));
  try {
    const r = await runActionInProcess({ repo, fake, event, ...(inputs ? { inputs } : {}) });
    return { r, parsed };
  } finally {
    restore();
  }
}

const shown = (r: ActionResult): string => `exit ${r.code}\n${r.stdout}`;

describe('run() in-process, against the fake GitHub', () => {
  it('a dispatch opens the gate and its issue; an approval then parses exactly one SOP, the pinned one, and completes the run', async () => {
    const { fake, repo } = await setUp();
    const started = await runWatched(fake, repo, dispatchEvent({ sop: 'deploy', payload: '{"version": "v1.2.3"}' }, 'alice'));
    expect(started.r.code, shown(started.r)).toBe(0);
    expect(started.r.outputs).toMatchObject({ status: 'pending_approval', 'current-step': '1', 'issue-number': '1' });
    // execute reads every file's frontmatter to find the name, and parses only deploy in full.
    expect([...new Set(started.parsed.filter(([, depth]) => depth === 'full').map(([path]) => path))]).toEqual(['sops/deploy.md']);
    const runId = started.r.outputs['run-id'] ?? '';
    expect(fake.issue(1)?.body).toContain(runId);
    expect(started.r.summary).toContain('deploy');

    const approved = await runWatched(fake, repo, commentEvent(fake, 1, { login: 'bob', body: '/approve' }));
    expect(approved.r.code, shown(approved.r)).toBe(0);
    expect(approved.r.outputs).toMatchObject({ 'run-id': runId, status: 'completed', 'issue-number': '1' });
    expect(approved.r.stdout).toContain('shipping dist-v1.2.3.tgz');
    // Route before load: no other SOP file is read, not even its frontmatter.
    expect(approved.parsed.filter(([, depth]) => depth === 'frontmatter')).toEqual([]);
    expect([...new Set(approved.parsed.map(([path]) => path))]).toEqual(['sops/deploy.md']);
    expect(fake.issue(1)?.state).toBe('closed');
    expect((await readOriginState(repo, runId))?.state.approvals.map((a) => a.by)).toEqual(['bob']);
  });

  it('one /approve that resumes the run and runs its step reads the run once and parses its pinned SOP once', async () => {
    const { fake, repo } = await setUp();
    const started = await runWatched(fake, repo, dispatchEvent({ sop: 'deploy', payload: '{"version": "v1.2.3"}' }, 'alice'));
    expect(started.r.outputs['status']).toBe('pending_approval');
    const reads = vi.spyOn(GitStore.prototype, 'get');
    try {
      const approved = await runWatched(fake, repo, commentEvent(fake, 1, { login: 'bob', body: '/approve' }));
      expect(approved.r.code, shown(approved.r)).toBe(0);
      expect(approved.r.stdout).toContain('shipping dist-v1.2.3.tgz');
      expect(approved.r.outputs['status']).toBe('completed');
      // Once: the check of who may approve, the decision, the step's result and the issue all use the one definition.
      expect(approved.parsed).toEqual([['sops/deploy.md', 'full']]);
      // Once, verified, before deciding; every later decision is written on top of what this workflow run committed.
      expect(reads.mock.calls.map(([runId]) => runId)).toEqual([started.r.outputs['run-id']]);
    } finally {
      reads.mockRestore();
    }
  });

  it('an approving review that runs step 1 and opens step 2\'s PR reads the run once and parses once: the closed and the new PR are recorded on top of the runner\'s own writes', async () => {
    const fake = await startActionFake();
    fakes.push(fake);
    fake.addCollaborator('bob', 'write');
    const stepwise = sopFile({
      name: 'stepwise',
      mode: 'step_by_step',
      approval: '  channel: pull-request',
      steps: [
        { title: 'One', code: 'echo "step one ran"' },
        { title: 'Two', code: 'echo "step two ran"' },
      ],
    });
    const repo = await makeActionRepo({ sops: { 'sops/stepwise.md': stepwise } });
    fake.useGitRepository(repo.origin);
    fake.setBranch('main', await repo.mainSha());
    const started = await runWatched(fake, repo, dispatchEvent({ sop: 'stepwise' }, 'alice'));
    const first = Number(started.r.outputs['pull-number']);
    expect(first, shown(started.r)).toBeGreaterThan(0);
    const reads = vi.spyOn(GitStore.prototype, 'get');
    try {
      const passed = await runWatched(fake, repo, reviewEvent(fake, first, { login: 'bob', state: 'APPROVED' }));
      expect(passed.r.code, shown(passed.r)).toBe(0);
      expect(passed.r.stdout).toContain('step one ran');
      const second = Number(passed.r.outputs['pull-number']);
      expect(second).toBeGreaterThan(first);
      expect(fake.pull(first)?.state).toBe('closed');
      const state = (await readOriginState(repo, started.r.outputs['run-id'] ?? ''))?.state;
      expect(state?.channel?.pulls?.['1']).toMatchObject({ number: first, open: false });
      expect(state?.channel?.pulls?.['2']).toMatchObject({ number: second, open: true });
      expect(passed.parsed).toEqual([['sops/stepwise.md', 'full']]);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('a schedule reads only frontmatter to match triggers, and parses only the SOP it starts', async () => {
    const { fake, repo } = await setUp();
    const { r, parsed } = await runWatched(fake, repo, { name: 'schedule', payload: scheduleEvent('0 2 * * *') });
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout).toContain('nightly backup by nightly');
    expect(new Set(parsed.filter(([, depth]) => depth === 'frontmatter').map(([path]) => path))).toEqual(
      new Set(['sops/deploy.md', 'sops/failing.md', 'sops/nightly.md']),
    );
    expect(parsed.filter(([, depth]) => depth === 'full')).toEqual([['sops/nightly.md', 'full']]);
    expect(fake.countRequests()).toBe(0);
  });

  it('list parses every SOP and needs no token, store or API', async () => {
    const { fake, repo } = await setUp();
    const { r, parsed } = await runWatched(fake, repo, dispatchEvent({}, 'alice'), { command: 'list', 'github-token': '' });
    expect(r.code, shown(r)).toBe(0);
    expect(parsed.map(([path, depth]) => `${path} ${depth}`).sort()).toEqual(['sops/deploy.md full', 'sops/failing.md full', 'sops/nightly.md full']);
    expect(r.stdout).toMatch(/nightly {2}\(auto, normal, 1 steps\)/);
    expect(fake.countRequests()).toBe(0);
    expect(await repo.stateTip()).toBeNull();
  });

  it('a failing run fails the workflow run with its reason, once, in the one place failures are reported', async () => {
    const { fake, repo } = await setUp();
    const started = await runWatched(fake, repo, dispatchEvent({ sop: 'failing' }, 'alice'));
    const approved = await runWatched(fake, repo, commentEvent(fake, Number(started.r.outputs['issue-number']), { login: 'bob', body: '/approve' }));
    expect(approved.r.code).toBe(1);
    expect(approved.r.outputs['status']).toBe('failed');
    expect(approved.r.stdout.match(/^::error::/gm)).toHaveLength(1);
    expect(approved.r.stdout).toMatch(/::error::run run-\d{8}-[a-z0-9]+ failed: /);
  });

  it('bad input fails the run with what to fix, before anything is read or written', async () => {
    const { fake, repo } = await setUp();
    const { r, parsed } = await runWatched(fake, repo, dispatchEvent({}, 'alice'), { command: 'approve' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::sop-engine: command approve needs a run id: set with: run-id:/);
    expect(parsed).toEqual([]);
    expect(fake.countRequests()).toBe(0);
  });
});

describe('apiTuning', () => {
  it("leaves GitHub's recommended behaviour alone when nothing is set", () => {
    expect(apiTuning({})).toEqual({});
    expect(apiTuning({ SOP_ENGINE_API_RETRY_BASE_MS: '', SOP_ENGINE_API_PACING: ' ' })).toEqual({});
  });

  it('reads the retry base and pacing', () => {
    expect(apiTuning({ SOP_ENGINE_API_RETRY_BASE_MS: '10', SOP_ENGINE_API_PACING: 'off' })).toEqual({ retryAfterBaseValue: 10, pacing: false });
    expect(apiTuning({ SOP_ENGINE_API_PACING: 'ON' })).toEqual({ pacing: true });
  });

  it('rejects values it cannot use, naming the variable', () => {
    expect(() => apiTuning({ SOP_ENGINE_API_RETRY_BASE_MS: 'fast' })).toThrow(UserError);
    expect(() => apiTuning({ SOP_ENGINE_API_RETRY_BASE_MS: '-1' })).toThrow(/SOP_ENGINE_API_RETRY_BASE_MS must be a number/);
    expect(() => apiTuning({ SOP_ENGINE_API_PACING: 'no' })).toThrow(/SOP_ENGINE_API_PACING must be on or off/);
  });
});
