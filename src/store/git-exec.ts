// Run one git command without a terminal: never prompts, never opens an editor, output captured.
import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment for every git process the store starts. */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    // Credentials must come from the environment (e.g. the Action's token), never from a prompt.
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_EDITOR: 'true',
    // Messages are matched (e.g. "rejected"), so they must not be translated.
    LC_ALL: 'C',
    LANG: 'C',
    // glibc: grow the heap in large steps and keep it, instead of a brk() per allocation and a trim
    // per free. Git allocates and frees per object; where system calls are expensive (sandboxed
    // runners) this was most of the time git took to write a commit. Other C libraries ignore it.
    MALLOC_TOP_PAD_: base['MALLOC_TOP_PAD_'] ?? String(16 << 20),
    MALLOC_TRIM_THRESHOLD_: base['MALLOC_TRIM_THRESHOLD_'] ?? String(128 << 20),
  };
}

export function runGit(cwd: string, args: string[], input?: string | Buffer): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error('git is not installed or not on PATH; install git to use a git state store')
          : error,
      );
    });
    child.on('close', (code) => {
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (input !== undefined && child.stdin) {
      // A git that exits before reading its input (e.g. a failed fetch) closes the pipe: its exit code and stderr tell why.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

/** Run git and return stdout; a failure becomes an error that quotes git's own message. */
export async function git(cwd: string, args: string[], input?: string | Buffer): Promise<string> {
  const result = await runGit(cwd, args, input);
  if (result.code !== 0) {
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim() || `exit code ${result.code}`}`);
  }
  return result.stdout;
}
