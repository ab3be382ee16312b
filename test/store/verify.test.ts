// verifyRun: chain, state.json against state_sha256, and (git) who wrote each commit and that history only appended; each problem once.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditFile } from '../../src/audit/format.js';
import type { RunState } from '../../src/engine/state-format.js';
import { DirStore } from '../../src/store/dir-store.js';
import { GitStore } from '../../src/store/git-store.js';
import { auditPath, statePath } from '../../src/store/run-layout.js';
import type { PutResult } from '../../src/store/types.js';
import { verifyRun } from '../../src/store/verify.js';
import { forgeCoveringState, rechain } from '../support/forge.js';
import { cleanupTempRepos, makeTempDir, makeTempRepo, runGitIn, type TempRepo } from '../support/git.js';
import { makeWrite } from './fixtures.js';

const RUN = 'run-20261126-k3f9x2';

afterAll(cleanupTempRepos);

async function threeWrites(store: GitStore | DirStore): Promise<void> {
  let version: string | null = null;
  for (const message of ['run started', 'gate opened', 'approved']) {
    const put: PutResult = await store.put(RUN, version, makeWrite(RUN, message, message === 'approved' ? { status: 'running' } : {}));
    if (!put.ok) throw new Error('put failed');
    version = put.version;
  }
}

/** Commit new contents of files of the state branch with plumbing, as someone with push access could. */
async function commitOnBranch(repo: TempRepo, files: Record<string, string>, message: string): Promise<string> {
  const index = path.join(await makeTempDir('sop-index-'), 'index');
  const env = { GIT_INDEX_FILE: index };
  const git = (args: string[], input?: string): Promise<string> => runGitWithEnv(repo.dir, args, env, input);
  await git(['read-tree', 'sop-state']);
  for (const [rel, content] of Object.entries(files)) {
    const blob = await git(['hash-object', '-w', '--stdin'], content);
    await git(['update-index', '--add', '--cacheinfo', `100644,${blob},${rel}`]);
  }
  const tree = await git(['write-tree']);
  const commit = await git(['commit-tree', tree, '-p', 'sop-state', '-m', message]);
  await repo.git('update-ref', 'refs/heads/sop-state', commit);
  return commit.slice(0, 12);
}

async function runGitWithEnv(cwd: string, args: string[], env: Record<string, string>, input?: string): Promise<string> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, ...env, GIT_AUTHOR_NAME: 'mallory', GIT_AUTHOR_EMAIL: 'm@example.com', GIT_COMMITTER_NAME: 'mallory', GIT_COMMITTER_EMAIL: 'm@example.com' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`git ${args.join(' ')}: ${err}`))));
    // git may exit before reading stdin (commands that take none): its exit code tells, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

async function branchFiles(repo: TempRepo): Promise<{ state: RunState; audit: AuditFile }> {
  return {
    state: JSON.parse(await runGitIn(repo.dir, ['show', `sop-state:${statePath(RUN)}`])) as RunState,
    audit: JSON.parse(await runGitIn(repo.dir, ['show', `sop-state:${auditPath(RUN)}`])) as AuditFile,
  };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('verifyRun on a directory store', () => {
  it('accepts an untouched run and reports an unknown one', async () => {
    const store = new DirStore(await makeTempDir());
    await threeWrites(store);
    expect(await verifyRun(store, RUN)).toEqual({ ok: true, events: 3 });
    expect(await verifyRun(store, 'run-20261126-nope00')).toMatchObject({ ok: false, message: `run run-20261126-nope00: not found in ${store.description}` });
  });

  it('names an edited event', async () => {
    const dir = await makeTempDir();
    const store = new DirStore(dir);
    await threeWrites(store);
    const file = path.join(dir, auditPath(RUN));
    const audit = JSON.parse(await fs.readFile(file, 'utf8')) as AuditFile;
    (audit.events[2] as { actor: string }).actor = 'mallory';
    await fs.writeFile(file, JSON.stringify(audit));
    expect(await verifyRun(store, RUN)).toMatchObject({ ok: false, message: `run ${RUN}: event 3 (approved) was edited: its hash does not match its content` });
  });

  it('reports a state.json edited without its audit (an approval added), once', async () => {
    const dir = await makeTempDir();
    const store = new DirStore(dir);
    await threeWrites(store);
    const file = path.join(dir, statePath(RUN));
    const state = JSON.parse(await fs.readFile(file, 'utf8')) as RunState;
    state.approvals.push({ step: 1, wait: 1, by: 'mallory', decision: 'approve', at: '2026-11-26T09:00:00Z', via: 'cli', ref: 'cli' });
    await fs.writeFile(file, json(state));
    expect(await verifyRun(store, RUN)).toEqual({
      ok: false,
      message: `run ${RUN}: state.json was changed without an audit event: it does not match state_sha256 of event 3 (approved)`,
      problems: ['state.json was changed without an audit event: it does not match state_sha256 of event 3 (approved)'],
    });
  });

  it('notices a state file that belongs to another run', async () => {
    const dir = await makeTempDir();
    const store = new DirStore(dir);
    await threeWrites(store);
    const file = path.join(dir, statePath(RUN));
    await fs.writeFile(file, JSON.stringify({ ...JSON.parse(await fs.readFile(file, 'utf8')), run_id: 'run-20261126-zzzzzz' }));
    expect(await verifyRun(store, RUN)).toMatchObject({ ok: false, message: `run ${RUN}: ${statePath(RUN)} says run_id "run-20261126-zzzzzz"` });
  });
});

describe('verifyRun on the git branch', () => {
  it('accepts runs the store wrote', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    await threeWrites(store);
    expect(await verifyRun(store, RUN)).toEqual({ ok: true, events: 3 });
    await store.close();
  });

  it('reports a state.json edited on the branch without its audit (started_by changed), naming the commit, once', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    await threeWrites(store);
    const { state } = await branchFiles(repo);
    const commit = await commitOnBranch(repo, { [statePath(RUN)]: json({ ...state, started_by: 'mallory' }) }, `sop(${RUN}): approved`);
    const result = await verifyRun(store, RUN);
    expect(result).toMatchObject({ ok: false, problems: [`state.json was changed without an audit event by commit ${commit}`] });
    await store.close();
  });

  it('names the event a later commit rewrote, even when the chain was re-hashed to look whole', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    await threeWrites(store);
    const { state, audit } = await branchFiles(repo);
    // Event 3 says bob approved, not alice; chain and state_sha256 recomputed, the commit subject faked.
    const edited = { ...audit, events: audit.events.map((e) => (e.seq === 3 ? { ...e, actor: 'bob' } : e)) };
    const commit = await commitOnBranch(repo, { [auditPath(RUN)]: json(forgeCoveringState(edited, state)) }, `sop(${RUN}): approved`);
    const result = await verifyRun(store, RUN);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toContain(`event 3 (approved) was rewritten by commit ${commit}`);
    expect(problems.filter((p) => p.includes('event 3'))).toHaveLength(1);
    expect(problems.join('\n')).not.toContain('appended no audit event');
    await store.close();
  });

  it('names an event a later commit removed', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    await threeWrites(store);
    const { state, audit } = await branchFiles(repo);
    const shorter = forgeCoveringState({ ...audit, events: audit.events.filter((e) => e.seq !== 2) }, state);
    const commit = await commitOnBranch(repo, { [auditPath(RUN)]: json(rechain(shorter)) }, `sop(${RUN}): tidy`);
    const result = await verifyRun(store, RUN);
    expect(result.ok ? [] : result.problems).toContain(`event 2 (gate_opened) was rewritten by commit ${commit}`);
    await store.close();
  });

  it('reports a file of the run folder written by a commit that is not sop(<run-id>)', async () => {
    const repo = await makeTempRepo();
    const store = new GitStore({ repoDir: repo.dir });
    await threeWrites(store);
    const commit = await commitOnBranch(repo, { [`runs/2026/11/26/${RUN}/notes.txt`]: 'hello\n' }, 'add notes');
    const result = await verifyRun(store, RUN);
    expect(result.ok ? [] : result.problems).toEqual([
      `commit ${commit} ("add notes") changed runs/2026/11/26/${RUN}/ but is not a sop(${RUN}) commit`,
      `commit ${commit} changed the run's files without an audit event`,
    ]);
    await store.close();
  });
});
