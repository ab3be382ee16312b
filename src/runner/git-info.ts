// Facts about the git repository a run starts in: its root, HEAD commit and the user's name.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  try {
    const { stdout } = await run('git', args, { cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0' } });
    return stdout.trim();
  } catch {
    return null;
  }
}

/** The work tree's top folder, or null outside a git work tree. */
export async function repoRoot(cwd: string): Promise<string | null> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  return top ? resolve(top) : null;
}

/** HEAD's commit id, or null (outside git, or a repository with no commit yet). */
export async function headCommit(cwd: string): Promise<string | null> {
  return git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
}

/** git `user.name`, read with the caller's environment (HOME, GIT_CONFIG_GLOBAL decide which config files count). */
export async function gitUserName(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const name = await git(cwd, ['config', 'user.name'], env);
  return name ? name : null;
}
