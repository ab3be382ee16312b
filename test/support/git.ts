// Test helpers: temporary git repositories, bare remotes and clones under os.tmpdir(), removed by cleanupTempRepos().
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface TempRepo {
  /** Absolute path of the work tree (or of the repository itself when bare). */
  dir: string;
  /** Run git in the repository and return trimmed stdout; throws with git's stderr on failure. */
  git(...args: string[]): Promise<string>;
  /** Remove the repository now (cleanupTempRepos also does it). */
  cleanup(): Promise<void>;
}

const created = new Set<string>();

const TEST_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  LC_ALL: 'C',
};

/** Run git with a fixed test identity, so tests behave the same on machines with no git config. */
export async function runGitIn(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, env: TEST_ENV, maxBuffer: 256 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${e.stderr?.trim() || e.message}`);
  }
}

/** A fresh empty directory under os.tmpdir(), removed by cleanupTempRepos(). */
export async function makeTempDir(prefix = 'sop-test-'): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  created.add(dir);
  return dir;
}

function handle(dir: string): TempRepo {
  return {
    dir,
    git: (...args: string[]) => runGitIn(dir, args),
    cleanup: async () => {
      created.delete(dir);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TempRepoOptions {
  /** Make one commit on `main` (a README) so HEAD exists. Default true. */
  initialCommit?: boolean;
  /** Files to write (and commit, with initialCommit) before returning: path → content. */
  files?: Record<string, string>;
}

/** A non-bare repository on branch `main`. */
export async function makeTempRepo(options: TempRepoOptions = {}): Promise<TempRepo> {
  const repo = handle(await makeTempDir('sop-repo-'));
  await repo.git('init', '--quiet', '--initial-branch=main');
  const files = options.files ?? { 'README.md': '# test repository\n' };
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(repo.dir, file)), { recursive: true });
    await fs.writeFile(path.join(repo.dir, file), content);
  }
  if (options.initialCommit ?? true) {
    await repo.git('add', '-A');
    await repo.git('commit', '--quiet', '--allow-empty', '-m', 'initial commit');
  }
  return repo;
}

/** A bare repository to use as `origin`. */
export async function makeBareRemote(): Promise<TempRepo> {
  const repo = handle(await makeTempDir('sop-remote-'));
  await repo.git('init', '--quiet', '--bare', '--initial-branch=main');
  // As on GitHub: no garbage collection run by each push.
  await repo.git('config', 'receive.autogc', 'false');
  return repo;
}

/** A clone of `remote` (its remote is named `origin`). */
export async function cloneRepo(remote: TempRepo): Promise<TempRepo> {
  const parent = await makeTempDir('sop-clone-');
  const dir = path.join(parent, 'clone');
  await runGitIn(parent, ['clone', '--quiet', remote.dir, dir]);
  const repo = handle(dir);
  return { ...repo, cleanup: () => fs.rm(parent, { recursive: true, force: true }).then(() => void created.delete(parent)) };
}

/** A repository with one commit on `main`, pushed to a new bare `origin`. */
export async function makeRepoWithRemote(): Promise<{ repo: TempRepo; remote: TempRepo }> {
  const remote = await makeBareRemote();
  const repo = await makeTempRepo();
  await repo.git('remote', 'add', 'origin', remote.dir);
  await repo.git('push', '--quiet', 'origin', 'main');
  return { repo, remote };
}

/** Remove every directory the helpers created (call from afterEach/afterAll). */
export async function cleanupTempRepos(): Promise<void> {
  const dirs = [...created];
  created.clear();
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
}

/** A runner's checkout of `remote`: a depth-1 clone of main only, as actions/checkout leaves it. */
export async function runnerCheckout(remote: TempRepo): Promise<string> {
  const dir = path.join(await makeTempDir('sop-runner-'), 'ws');
  await cloneAsCheckout(`file://${remote.dir}`, dir);
  return dir;
}

/** `git clone` as actions/checkout does it: main only, depth 1, no tags (`url` as file://, so the clone is shallow). */
export async function cloneAsCheckout(url: string, dir: string): Promise<void> {
  await runGitIn(path.dirname(dir), ['clone', '--quiet', '--depth=1', '--branch', 'main', '--no-tags', url, dir]);
}
