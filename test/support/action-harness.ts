// Runs the built Action (dist/index.js) as a GitHub runner would: fresh checkout, event file, INPUT_* and a fake API.
import { spawn } from 'node:child_process';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditFile } from '../../src/audit/format.js';
import type { RunState } from '../../src/engine/state-format.js';
import { GitObjectReader } from '../../src/store/git-object-reader.js';
import { GitStore } from '../../src/store/git-store.js';
import { auditPath, logPath, statePath } from '../../src/store/run-layout.js';
import { verifyRun } from '../../src/store/verify.js';
import { DEFAULT_REPO, issueCommentEvent, issuesClosedEvent, workflowDispatchEvent, type UserType } from './events.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { cloneAsCheckout, cloneRepo, makeTempDir, makeTempRepo, runGitIn, type TempRepo } from './git.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The bundle built from src/ by the tests' globalSetup (test/support/build-bundles.ts); dist/ when run outside vitest. */
export const ACTION_BUNDLE = process.env['SOP_E2E_ACTION_BUNDLE'] || path.join(ROOT, 'dist', 'index.js');

/** action.yml's defaults, as the runner fills them in for inputs a workflow leaves out. */
const INPUT_DEFAULTS: Record<string, string> = {
  command: 'auto',
  sop: '',
  payload: '{}',
  'run-id': '',
  step: '',
  reason: '',
  'sops-dir': 'sops',
  'state-branch': 'sop-state',
  'approval-channel': 'issue',
  'approver-permission': 'write',
  // `${{ github.token }}` evaluates to the job's token.
  'github-token': 'ghs_test-token',
};

export interface ActionRepo {
  /** The bare `origin` repository (path). */
  origin: string;
  /** `file://` URL of origin: what workspaces clone, so shallow fetches behave as over the network. */
  url: string;
  /** "owner/name" as GITHUB_REPOSITORY. */
  repository: string;
  /** Commit files (path from the repository root → content) to origin's main, as a push would. Returns the new sha. */
  commitToMain(files: Record<string, string>, message?: string): Promise<string>;
  mainSha(): Promise<string>;
  /** Tip of origin's state branch, or null before the first run. */
  stateTip(branch?: string): Promise<string | null>;
}

/**
 * A bare origin whose main holds `sops` (path from the repository root, e.g. "sops/deploy.md",
 * → content) and a README, as a repository that uses the Action would.
 */
export async function makeActionRepo(opts: { sops: Record<string, string>; repository?: string }): Promise<ActionRepo> {
  const origin = await makeTempDir('sop-remote-');
  const files = Object.entries({ 'README.md': '# ops\n', ...opts.sops }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await originTemplates.copyTo(JSON.stringify(files), origin);
  const bare = (...args: string[]): Promise<string> => runGitIn(origin, args);
  // A clone to commit from, made the first time a test edits main.
  let seed: Promise<TempRepo> | null = null;
  return {
    origin,
    url: `file://${origin}`,
    repository: opts.repository ?? DEFAULT_REPO,
    commitToMain: async (files, message = 'edit on main') => {
      const repo = await (seed ??= cloneRepo({ dir: origin, git: bare, cleanup: async () => undefined }));
      await writeFiles(repo, files);
      await repo.git('add', '-A');
      await repo.git('commit', '--quiet', '-m', message);
      await repo.git('push', '--quiet', 'origin', 'main');
      return repo.git('rev-parse', 'HEAD');
    },
    mainSha: () => bare('rev-parse', 'refs/heads/main'),
    stateTip: async (branch = 'sop-state') => {
      const out = await bare('for-each-ref', '--format=%(objectname)', `refs/heads/${branch}`);
      return out === '' ? null : out;
    },
  };
}

/** What `build` gives for a key, made once and shared by every later call; a failed build is forgotten, so the next call tries again. */
export class OncePerKey<T> {
  private readonly made = new Map<string, Promise<T>>();

  get(key: string, build: () => Promise<T>): Promise<T> {
    let value = this.made.get(key);
    if (value === undefined) {
      value = build();
      value.catch(() => this.made.delete(key));
      this.made.set(key, value);
    }
    return value;
  }
}

/**
 * A directory built once per key and copied for each use: a copy of a repository is the same
 * repository (objects, refs, config, files) without the git processes that built it. A failed
 * build is not kept, so the next use tries again and shows its own error.
 */
class Templates {
  private readonly built = new OncePerKey<string>();
  constructor(private readonly build: (key: string) => Promise<string>) {}

  async copyTo(key: string, dest: string): Promise<void> {
    const template = await this.built.get(key, () => this.build(key));
    await fs.cp(template, dest, { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * Where origin templates live for the whole test process: the vitest run's shared folder
 * (test/support/build-bundles.ts removes it at the end), else a folder removed when the process exits.
 */
const originTemplateRoot = ((): (() => string) => {
  let root: string | null = null;
  return () => {
    if (root !== null) return root;
    const shared = process.env['SOP_TEST_SHARED_TMP'];
    const dir = mkdtempSync(path.join(shared || os.tmpdir(), 'sop-origin-templates-'));
    if (!shared) process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return (root = dir);
  };
})();

/** A folder kept for the rest of the test process (removed with the vitest run's shared folder). */
export function processTempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(originTemplateRoot(), prefix));
}

/** Bare origins whose main holds a given set of files (the key: their JSON), one per test process. */
const originTemplates = new Templates(async (key) => {
  const files = Object.fromEntries(JSON.parse(key) as [string, string][]);
  const dir = await processTempDir('origin-');
  await runGitIn(dir, ['init', '--quiet', '--bare', '--initial-branch=main']);
  // As on GitHub: no garbage collection run by each push, and partial-clone filters accepted
  // (the Action fetches only a run's path).
  await runGitIn(dir, ['config', 'receive.autogc', 'false']);
  await runGitIn(dir, ['config', 'uploadpack.allowFilter', 'true']);
  const seed = await makeTempRepo({ files });
  await seed.git('push', '--quiet', dir, 'main');
  await seed.cleanup();
  return dir;
});

async function writeFiles(repo: TempRepo, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(repo.dir, file)), { recursive: true });
    await fs.writeFile(path.join(repo.dir, file), content);
  }
}

/** Depth-1 clones of main, by commit, which the checkouts of that commit copy; one set per ActionRepo. */
const checkoutTemplates = new WeakMap<ActionRepo, Templates>();

/**
 * What actions/checkout leaves: a depth-1 clone of the default branch, origin pointing at the
 * repository. The first checkout of a commit clones it; later ones copy that clone.
 */
export async function checkoutWorkspace(repo: ActionRepo): Promise<string> {
  return (await freshCheckout(repo)).dir;
}

async function freshCheckout(repo: ActionRepo): Promise<{ dir: string; sha: string }> {
  const sha = await repo.mainSha();
  let templates = checkoutTemplates.get(repo);
  if (templates === undefined) {
    templates = new Templates(async (wanted) => {
      const dir = path.join(await makeTempDir('sop-ws-template-'), 'ops');
      await cloneAsCheckout(repo.url, dir);
      const head = await runGitIn(dir, ['rev-parse', 'HEAD']);
      // origin's main moved between the two commands: this clone is of another commit.
      if (head !== wanted) throw new Error(`main moved while checking it out (${wanted} → ${head})`);
      return dir;
    });
    checkoutTemplates.set(repo, templates);
  }
  const dir = path.join(await makeTempDir('sop-ws-'), 'ops');
  await templates.copyTo(sha, dir);
  return { dir, sha };
}

export interface ActionEvent {
  /** GITHUB_EVENT_NAME. */
  name: string;
  payload: unknown;
}

export interface RunActionOptions {
  repo: ActionRepo;
  fake: FakeGitHub;
  event: ActionEvent;
  /** `with:` inputs by their action.yml names; the rest get action.yml's defaults. */
  inputs?: Record<string, string>;
  /** GITHUB_ACTOR (default: the event's sender, else "octocat"). */
  actor?: string;
  /** Extra environment (steps inherit it). */
  env?: Record<string, string>;
  /** Reuse a checkout (default: a fresh one, as every workflow run gets). */
  workspace?: string;
  /** Re-run this earlier workflow run (same GITHUB_RUN_ID, next attempt), as "Re-run jobs" does. */
  rerun?: ActionResult;
  /** The workflow run's (frozen) clock; default: the fake GitHub's next tick, so events and runs stay in order. */
  at?: string;
}

export interface ActionResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Parsed $GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** $GITHUB_STEP_SUMMARY's text ('' when nothing was written). */
  summary: string;
  workspace: string;
  /** GITHUB_RUN_ID of this workflow run. */
  runId: number;
  /** The time the Action's clock showed (SOP_ENGINE_CLOCK). */
  at: string;
  attempt: number;
}

/** Variables of the parent (a runner, a developer's shell) that must not leak into the "job". */
const PRIVATE_ENV = /^(GITHUB_|INPUT_|SOP_|RUNNER_|ACTIONS_)/;

/** The child gives up after this long, so a hung Action fails its test instead of the suite (a hang detector: on a loaded machine one Action run took 20 s). */
const CHILD_TIMEOUT_MS = 120_000;

/** What a runner prepares for one job step: a checkout, the event file, output files, the environment and the workflow run. */
interface PreparedRun {
  workspace: string;
  env: Record<string, string>;
  outputPath: string;
  summaryPath: string;
  runId: number;
  at: string;
  attempt: number;
  actor: string;
  headSha: string;
}

async function prepareRun(opts: RunActionOptions): Promise<PreparedRun> {
  const checkout = opts.workspace === undefined ? await freshCheckout(opts.repo) : { dir: opts.workspace, sha: await runGitIn(opts.workspace, ['rev-parse', 'HEAD']) };
  const workspace = checkout.dir;
  const temp = await makeTempDir('sop-runner-');
  const eventPath = path.join(temp, 'event.json');
  const outputPath = path.join(temp, 'output.txt');
  const summaryPath = path.join(temp, 'summary.md');
  await fs.writeFile(eventPath, JSON.stringify(opts.event.payload));
  await fs.writeFile(outputPath, '');
  await fs.writeFile(summaryPath, '');
  const runnerTemp = path.join(temp, 'runner-temp');
  await fs.mkdir(runnerTemp);

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !PRIVATE_ENV.test(k)) env[k] = v;
  const sender = senderOf(opts.event.payload);
  const at = opts.at ?? opts.fake.tick();
  const runId = opts.rerun?.runId ?? nextRunId++;
  const attempt = (opts.rerun?.attempt ?? 0) + 1;
  const actor = opts.actor ?? sender ?? 'octocat';
  const headSha = checkout.sha;
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: opts.repo.repository,
    GITHUB_WORKSPACE: workspace,
    GITHUB_SHA: headSha,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_ACTOR: actor,
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: String(attempt),
    // One clock for the Action and the fake GitHub (see readRunnerEnv): ordering never depends on machine speed.
    SOP_ENGINE_CLOCK: at,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: opts.fake.url,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: runnerTemp,
    // Tests must not wait a second per write or per retry (see apiTuning in src/action/main.ts).
    SOP_ENGINE_API_RETRY_BASE_MS: '10',
    SOP_ENGINE_API_PACING: 'off',
    ...opts.env,
  });
  for (const [name, value] of Object.entries({ ...INPUT_DEFAULTS, ...opts.inputs })) {
    // The runner upper-cases input names and turns spaces into `_`; dashes stay.
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return { workspace, env, outputPath, summaryPath, runId, at, attempt, actor, headSha };
}

/** The workflow run as the fake GitHub sees it (started, then finished) around `execute`, and what it left behind. */
async function asWorkflowRun(
  opts: RunActionOptions,
  run: PreparedRun,
  execute: () => Promise<{ code: number | null; stdout: string; stderr: string }>,
): Promise<ActionResult> {
  opts.fake.startWorkflowRun({ id: run.runId, event: opts.event.name, actor: run.actor, headSha: run.headSha, at: run.at });
  const { code, stdout, stderr } = await execute();
  opts.fake.finishWorkflowRun(run.runId, code === 0 ? 'success' : 'failure');
  return {
    runId: run.runId,
    at: run.at,
    attempt: run.attempt,
    code,
    stdout,
    stderr,
    outputs: parseGitHubOutput(await fs.readFile(run.outputPath, 'utf8')),
    summary: await fs.readFile(run.summaryPath, 'utf8'),
    workspace: run.workspace,
  };
}

/** One workflow run: a new process (the bundle) in a fresh checkout, with the environment a runner gives. */
export async function runAction(opts: RunActionOptions): Promise<ActionResult> {
  const run = await prepareRun(opts);
  return asWorkflowRun(opts, run, () => spawnBundle(run.workspace, run.env));
}

/**
 * The same workflow run inside this process: src/action/main.ts's run() with the runner's
 * environment injected, so a test can watch what it does (e.g. which SOPs it parses). The
 * output and summary files are also set in process.env while it runs, as the toolkit that
 * writes them reads them there; stdout is captured and the exit code restored afterwards.
 */
export async function runActionInProcess(opts: RunActionOptions): Promise<ActionResult> {
  const prepared = await prepareRun(opts);
  return asWorkflowRun(opts, prepared, async () => {
    const { run } = await import('../../src/action/main.js');
    // @actions/core's summary is a process-wide singleton that remembers the first GITHUB_STEP_SUMMARY
    // it saw; a real runner starts one process per step, so each in-process run starts it afresh.
    const { summary } = await import('@actions/core');
    (summary as unknown as { _filePath?: string })._filePath = undefined;
    summary.emptyBuffer();
    const saved = { output: process.env['GITHUB_OUTPUT'], summary: process.env['GITHUB_STEP_SUMMARY'], exitCode: process.exitCode };
    const write = process.stdout.write;
    let stdout = '';
    process.env['GITHUB_OUTPUT'] = prepared.outputPath;
    process.env['GITHUB_STEP_SUMMARY'] = prepared.summaryPath;
    process.exitCode = undefined;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
    try {
      await run({ env: prepared.env, random: Math.random });
      return { code: Number(process.exitCode ?? 0), stdout, stderr: '' };
    } finally {
      process.stdout.write = write;
      restoreEnv('GITHUB_OUTPUT', saved.output);
      restoreEnv('GITHUB_STEP_SUMMARY', saved.summary);
      process.exitCode = saved.exitCode;
    }
  });
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

let nextRunId = 7_000_000_000;

function senderOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('sender' in payload)) return undefined;
  const sender = (payload as { sender: unknown }).sender;
  if (typeof sender !== 'object' || sender === null || !('login' in sender)) return undefined;
  const login = (sender as { login: unknown }).login;
  return typeof login === 'string' ? login : undefined;
}

function spawnBundle(cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACTION_BUNDLE], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the Action did not finish within ${CHILD_TIMEOUT_MS / 1000} s\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    }, CHILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** $GITHUB_OUTPUT: `name<<DELIMITER` … `DELIMITER` blocks (what setOutput writes) and `name=value` lines. */
export function parseGitHubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: ${name} has no closing delimiter ${delimiter}`);
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export interface OriginRun {
  state: RunState;
  audit: AuditFile;
  log: string;
}

/** A run's files as origin's state branch holds them, or null when the run is not there. */
export async function readOriginState(repo: ActionRepo, runId: string, branch = 'sop-state'): Promise<OriginRun | null> {
  if ((await repo.stateTip(branch)) === null) return null;
  const reader = new GitObjectReader(repo.origin);
  try {
    const names = [statePath(runId), auditPath(runId), logPath(runId)].map((file) => `refs/heads/${branch}:${file}`);
    const [state, audit, log] = (await reader.readMany(names)).map((o) => (o?.type === 'blob' ? o.content.toString('utf8') : null));
    if (state === null || state === undefined || audit === null || audit === undefined) return null;
    return {
      state: JSON.parse(state) as RunState,
      audit: JSON.parse(audit) as AuditFile,
      log: log ?? '',
    };
  } finally {
    await reader.close();
  }
}

/** Every run id on origin's state branch. */
export async function originRunIds(repo: ActionRepo, branch = 'sop-state'): Promise<string[]> {
  const store = new GitStore({ repoDir: repo.origin, branch });
  try {
    return await store.listRunIds();
  } finally {
    await store.close();
  }
}

/**
 * `sop verify` on origin: each run's hash chain, state/audit agreement and append-only history.
 * Returns the problems found (empty when everything verifies) and how many runs were checked.
 */
export async function verifyOrigin(repo: ActionRepo, branch = 'sop-state'): Promise<{ runs: number; problems: string[] }> {
  const store = new GitStore({ repoDir: repo.origin, branch });
  try {
    const ids = await store.listRunIds();
    const problems: string[] = [];
    for (const id of ids) {
      const result = await verifyRun(store, id);
      if (!result.ok) problems.push(result.message);
    }
    return { runs: ids.length, problems };
  } finally {
    await store.close();
  }
}

/** The API as the Action's tests use it: repository acme/ops, the token acting as github-actions[bot]. */
export function startActionFake(repository: string = DEFAULT_REPO): Promise<FakeGitHub> {
  return startFakeGitHub({ repos: [repository], tokenUser: { login: 'github-actions[bot]', type: 'Bot' } });
}

/** A `workflow_dispatch` of the workflow with these inputs, by `login`. */
export function dispatchEvent(inputs: Record<string, unknown>, login: string): ActionEvent {
  return { name: 'workflow_dispatch', payload: workflowDispatchEvent({ inputs, login }) };
}

/** The issue as a webhook payload carries it: current body, labels and state, from the fake. */
function issueAsDelivered(fake: FakeGitHub, issueNumber: number): { body: string | null; labels: unknown[]; state: string; title: string } {
  const issue = fake.issue(issueNumber);
  if (!issue) throw new Error(`fake GitHub has no issue #${issueNumber}`);
  return { body: issue.body ?? null, labels: issue.labels, state: issue.state, title: issue.title };
}

/**
 * A person comments on an issue: the comment is created on the fake (so reactions to it work) and
 * the `issue_comment` event GitHub would deliver is returned. `commentId` re-sends an existing comment.
 */
export function commentEvent(
  fake: FakeGitHub,
  issueNumber: number,
  c: { login: string; body: string; type?: UserType; action?: 'created' | 'edited' | 'deleted'; commentId?: number },
): ActionEvent {
  const existing = c.commentId === undefined ? undefined : fake.comments(issueNumber).find((x) => Number(x.id) === c.commentId);
  const made =
    existing ??
    (c.commentId === undefined
      ? fake.addComment(issueNumber, { login: c.login, type: c.type, body: c.body })
      : { id: c.commentId, created_at: fake.tick(), updated_at: fake.tick() });
  const id = Number(made.id);
  const base = issueCommentEvent({
    body: c.body,
    login: c.login,
    userType: c.type,
    issueNumber,
    issueBody: null,
    commentId: id,
    action: c.action ?? 'created',
  });
  return {
    name: 'issue_comment',
    payload: { ...base, comment: { ...base.comment, created_at: made.created_at, updated_at: made.updated_at }, issue: { ...base.issue, ...issueAsDelivered(fake, issueNumber) } },
  };
}

/** The `issues` event GitHub sends when `login` closes the issue by hand (the fake's copy is left as it is). */
export function issueClosedEvent(fake: FakeGitHub, issueNumber: number, login: string): ActionEvent {
  const delivered = issueAsDelivered(fake, issueNumber);
  const base = issuesClosedEvent({ login, issueNumber, issueBody: delivered.body, closedAt: fake.tick() });
  return { name: 'issues', payload: { ...base, issue: { ...base.issue, labels: delivered.labels, title: delivered.title } } };
}

/** Lines of a step's output the Action printed inside its `::group::Step N…` block. */
export function groupOutput(stdout: string, step: number): string | null {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`::group::Step ${step}/`));
  if (start < 0) return null;
  const end = lines.findIndex((l, i) => i > start && l === '::endgroup::');
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

const BUDGET_SOP = `---
name: budget
description: Three steps behind one gate
execution_mode: supervised
---
# Budget

## Step 1: One
\`\`\`bash
echo one
\`\`\`

## Step 2: Two
\`\`\`bash
echo two
\`\`\`

## Step 3: Three
\`\`\`bash
echo three
\`\`\`
`;

/**
 * REST calls the Action makes (HTTP requests on the fake) to open a gate (a dispatch that runs
 * into the supervised gate of a 3-step SOP) and to resume from it (one /approve that runs all
 * three steps and ends the run).
 */
export async function measureApiCalls(): Promise<{ openGate: number; resume: number }> {
  const fake = await startActionFake();
  try {
    fake.addCollaborator('alice', 'write');
    fake.addCollaborator('bob', 'write');
    const repo = await makeActionRepo({ sops: { 'sops/budget.md': BUDGET_SOP } });
    fake.useGitRepository(repo.origin);
    const started = await runAction({ repo, fake, event: dispatchEvent({ sop: 'budget' }, 'alice') });
    if (started.outputs['status'] !== 'pending_approval') throw new Error(`budget run did not wait:\n${started.stdout}${started.stderr}`);
    const openGate = fake.countRequests();
    fake.resetRequests();
    const issue = Number(started.outputs['issue-number']);
    const resumed = await runAction({ repo, fake, event: commentEvent(fake, issue, { login: 'bob', body: '/approve' }) });
    if (resumed.outputs['status'] !== 'completed') throw new Error(`budget run did not complete:\n${resumed.stdout}${resumed.stderr}`);
    return { openGate, resume: fake.countRequests() };
  } finally {
    await fake.close();
  }
}
