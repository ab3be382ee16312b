// Test harness for the CLI: temp repositories with SOP files, and `main()` run in-process with captured output.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { makeTempDir, makeTempRepo, runGitIn, type TempRepo } from '../support/git.js';

const execFileAsync = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A clock tests move by hand, and a seeded random source so run ids are stable but distinct. */
export class TestClock {
  ms: number;
  private seed = 12345;
  constructor(start = '2026-11-26T09:00:00.000Z') {
    this.ms = Date.parse(start);
  }
  now = (): Date => new Date(this.ms);
  random = (): number => {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return this.seed / 2 ** 31;
  };
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface CliEnvOptions {
  /** Extra or overriding environment variables for the CLI (and so for the steps). */
  env?: NodeJS.ProcessEnv;
  isTTY?: boolean;
  /** Use the real clock instead of the test clock (progress timing). */
  realTime?: boolean;
}

/** A folder the CLI runs in, with its environment, clock and optional `--state` argument. */
export class CliHarness {
  readonly clock = new TestClock();
  constructor(
    readonly cwd: string,
    /** e.g. ['--state', 'dir:/tmp/x']; empty for the default (git:sop-state inside git). */
    readonly stateArgs: string[] = [],
    readonly env: NodeJS.ProcessEnv = {},
  ) {}

  /** Run `sop <argv…> <stateArgs…>` in-process. */
  async run(argv: string[], opts: CliEnvOptions = {}): Promise<CliResult> {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: { write: (t) => void (stdout += t), isTTY: opts.isTTY ?? false, columns: 100 },
      stderr: { write: (t) => void (stderr += t), isTTY: false },
      env: baseEnv({ ...this.env, ...opts.env }),
      cwd: this.cwd,
      now: opts.realTime ? () => new Date() : this.clock.now,
      random: this.clock.random,
    };
    const code = await main([...argv, ...this.stateArgs], io);
    return { code, stdout, stderr };
  }

  /** Run a command that must succeed, and return its result. */
  async ok(argv: string[], opts: CliEnvOptions = {}): Promise<CliResult> {
    const r = await this.run(argv, opts);
    if (r.code !== 0) throw new Error(`sop ${argv.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r;
  }

  /** `sop execute …` and the run id it printed. */
  async start(argv: string[], opts: CliEnvOptions = {}): Promise<CliResult & { runId: string }> {
    const r = await this.run(['execute', ...argv], opts);
    return { ...r, runId: runIdIn(r.stdout) };
  }

  async state(runId: string): Promise<Record<string, unknown>> {
    const r = await this.ok(['status', runId, '--json']);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }
}

/** The environment the CLI sees: PATH and HOME from the test process, a fixed $USER, no global git identity. */
export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    USER: 'env-user',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    ...extra,
  };
}

export function runIdIn(text: string): string {
  const m = /run-\d{8}-[a-z0-9]{6,}/.exec(text);
  return m ? m[0] : '';
}

/** An SOP file's text from front matter lines and step sections. */
export function sopText(front: string, steps: string[]): string {
  return `---\n${front.trim()}\n---\n# Test SOP\n\n${steps.join('\n')}`;
}

/** A step section; `code` null makes a manual step. */
export function step(n: number, title: string, code: string | null): string {
  return code === null
    ? `## Step ${n}: ${title}\nA person does this and confirms it.\n`
    : `## Step ${n}: ${title}\n\`\`\`bash\n${code}\n\`\`\`\n`;
}

export const SOPS: Record<string, string> = {
  'sops/auto-ok.md': sopText('name: auto-ok\ndescription: Runs two steps\nexecution_mode: auto', [
    step(1, 'Produce', 'echo "producing"; echo "artifact=dist-$SOP_PAYLOAD_VERSION.tgz" >> "$SOP_OUTPUT"'),
    step(2, 'Consume', 'echo "consumed $SOP_OUT_ARTIFACT"'),
  ]),
  'sops/gated.md': sopText(
    'name: gated\ndescription: Supervised deploy\nexecution_mode: supervised\napproval:\n  timeout: 1s',
    [step(1, 'Build', 'echo "building for $SOP_RUN_ID"'), step(2, 'Ship', 'echo shipped')],
  ),
  'sops/two-approvers.md': sopText(
    'name: two-approvers\ndescription: Needs two approvals\nexecution_mode: supervised\napproval:\n  min_approvals: 2',
    [step(1, 'Release', 'echo released')],
  ),
  'sops/failing.md': sopText('name: failing\ndescription: Second step fails\nexecution_mode: auto', [
    step(1, 'Fine', 'echo fine'),
    step(2, 'Broken', 'echo "about to fail" >&2; exit 3'),
  ]),
  'sops/manual.md': sopText('name: manual\ndescription: Has a manual step\nexecution_mode: auto', [
    step(1, 'Prepare', 'echo prepared'),
    step(2, 'Check the dashboard', null),
    step(3, 'Finish', 'echo finished'),
  ]),
  'sops/typed.md': sopText(
    'name: typed\ndescription: Has an inputs contract\nexecution_mode: auto\ninputs:\n  version: { description: "Tag", required: true, pattern: "^v[0-9.]+$" }',
    [step(1, 'Echo', 'echo "version $SOP_PAYLOAD_VERSION"')],
  ),
};

/** A repository on `main` with the SOP files committed and git user.name `alice`. */
export async function makeSopRepo(files: Record<string, string> = SOPS): Promise<TempRepo> {
  const repo = await makeTempRepo({ files: { 'README.md': '# repo\n', ...files } });
  await repo.git('config', 'user.name', 'alice');
  return repo;
}

export type StoreKind = 'git' | 'dir';

/** A harness on a fresh SOP repository, with state in the git branch (default) or a temp folder. */
export async function makeHarness(kind: StoreKind, files: Record<string, string> = SOPS): Promise<{ h: CliHarness; repo: TempRepo; stateDir: string | null }> {
  const repo = await makeSopRepo(files);
  if (kind === 'git') return { h: new CliHarness(repo.dir), repo, stateDir: null };
  const stateDir = path.join(await makeTempDir('sop-state-'), 'state');
  return { h: new CliHarness(repo.dir, ['--state', `dir:${stateDir}`]), repo, stateDir };
}

/** A file of a run as the store holds it (state branch or state folder). */
export async function readStateFile(repo: TempRepo, stateDir: string | null, rel: string): Promise<string> {
  if (stateDir) return fs.readFile(path.join(stateDir, rel), 'utf8');
  const { stdout } = await execFileAsync('git', ['show', `sop-state:${rel}`], { cwd: repo.dir, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Replace one file on the state branch with a new commit, made with plumbing only (no work tree, no index). */
export async function commitOnStateBranch(repo: TempRepo, rel: string, content: string): Promise<void> {
  const index = path.join(await makeTempDir('sop-index-'), 'index');
  const env = { ...process.env, GIT_INDEX_FILE: index, GIT_AUTHOR_NAME: 'mallory', GIT_AUTHOR_EMAIL: 'm@example.com', GIT_COMMITTER_NAME: 'mallory', GIT_COMMITTER_EMAIL: 'm@example.com' };
  const git = async (args: string[], input?: string): Promise<string> => {
    const child = execFileAsync('git', args, { cwd: repo.dir, env });
    if (input !== undefined) {
      child.child.stdin?.on('error', () => undefined);
      child.child.stdin?.end(input);
    }
    return (await child).stdout.trim();
  };
  await git(['read-tree', 'sop-state']);
  const blob = await git(['hash-object', '-w', '--stdin'], content);
  await git(['update-index', '--add', '--cacheinfo', `100644,${blob},${rel}`]);
  const tree = await git(['write-tree']);
  const commit = await git(['commit-tree', tree, '-p', 'sop-state', '-m', 'edit audit']);
  await runGitIn(repo.dir, ['update-ref', 'refs/heads/sop-state', commit]);
}
