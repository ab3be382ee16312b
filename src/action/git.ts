// The one way the Action runs git in the job's checkout: never prompts, stdout returned as git wrote it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs git in `cwd` and returns its stdout untrimmed (a file's text must hash as stored); throws when git fails. */
export async function git(cwd: string, args: string[], options: { noLazyFetch?: boolean } = {}): Promise<string> {
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', ...(options.noLazyFetch ? { GIT_NO_LAZY_FETCH: '1' } : {}) };
  const { stdout } = await run('git', args, { cwd, env, maxBuffer: 32 << 20 });
  return stdout;
}
