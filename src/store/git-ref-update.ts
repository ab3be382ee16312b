// Move a branch only by `git update-ref <ref> <new> <expected-old>`: git's own locking and compare-and-swap.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { gitEnv, runGit } from './git-exec.js';
import { setRef } from './process-ref.js';

export type RefUpdate =
  | { status: 'updated' }
  /** The ref no longer holds the expected value: someone else moved it first. */
  | { status: 'moved' }
  /** Another process holds git's lock on the ref (or on the ref store); `lockFile` names it. */
  | { status: 'locked'; lockFile: string; message: string };

/**
 * Set `ref` to `next` only if it still holds `expected` (null: only if it does not exist). Git
 * takes and releases the lock; we never write, break or delete a lock file.
 */
export async function compareAndSwapRef(
  repoDir: string,
  ref: string,
  next: string,
  expected: string | null,
  reflogMessage: string,
  /** Reads the ref's current value, to tell "moved" from other failures. */
  current: () => Promise<string | null>,
): Promise<RefUpdate> {
  // An empty old value means "must not exist yet", whatever the object format.
  const result = await runGit(repoDir, ['update-ref', '-m', reflogMessage.replace(/\s+/g, ' ').trim(), ref, next, expected ?? '']);
  if (result.code === 0) return { status: 'updated' };
  const message = result.stderr.trim();
  const lock = /Unable to create '([^']+\.lock)': File exists/i.exec(message);
  if (lock !== null) return { status: 'locked', lockFile: lock[1] ?? '', message };
  if ((await current()) !== expected) return { status: 'moved' };
  throw new Error(`git update-ref ${ref} failed in ${repoDir}: ${message || `exit code ${result.code}`}`);
}

/**
 * The same compare-and-swap through one long-lived `git update-ref --stdin` process, one
 * transaction (start, update, prepare, commit) per write: no process start per commit. Git
 * answers a failed prepare (lock held, ref moved) by exiting; the next update starts a new process.
 */
interface UpdaterProcess {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  waiter: (() => void) | null;
  exited: boolean;
  stderr: string;
}

export class RefUpdater {
  private current: UpdaterProcess | null = null;

  constructor(
    private readonly repoDir: string,
    private readonly reflogMessage: string,
    /** 40 zeros (sha1) or 64 (sha256): git's "must not exist" old value. */
    private readonly zeroOid: string,
  ) {}

  async update(ref: string, next: string, expected: string | null, readCurrent: () => Promise<string | null>): Promise<RefUpdate> {
    const proc = this.ensure();
    setRef(proc.child, true);
    try {
      proc.child.stdin.write(`start\nupdate ${ref} ${next} ${expected ?? this.zeroOid}\nprepare\ncommit\n`);
      for (const step of ['start', 'prepare', 'commit']) {
        const line = await nextLine(proc);
        if (line === `${step}: ok`) continue;
        const message = line === null ? proc.stderr.trim() : `unexpected answer ${JSON.stringify(line)}`;
        this.stop(proc);
        const lock = /Unable to create '([^']+\.lock)': File exists/i.exec(message);
        if (lock !== null) return { status: 'locked', lockFile: lock[1] ?? '', message };
        if ((await readCurrent()) !== expected) return { status: 'moved' };
        throw new Error(`git update-ref ${ref} failed in ${this.repoDir}: ${message || 'no message'}`);
      }
      return { status: 'updated' };
    } finally {
      setRef(proc.child, false);
    }
  }

  async close(): Promise<void> {
    const proc = this.current;
    if (proc === null) return;
    this.current = null;
    setRef(proc.child, true);
    if (proc.exited) return;
    await new Promise<void>((resolve) => {
      proc.child.once('close', () => resolve());
      proc.child.stdin.end();
    });
  }

  private stop(proc: UpdaterProcess): void {
    proc.child.stdin.end();
    if (this.current === proc) this.current = null;
  }

  private ensure(): UpdaterProcess {
    if (this.current !== null && !this.current.exited) return this.current;
    const child = spawn('git', ['update-ref', '-m', this.reflogMessage, '--stdin'], { cwd: this.repoDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const proc: UpdaterProcess = { child, lines: [], waiter: null, exited: false, stderr: '' };
    this.current = proc;
    let pending = '';
    const wake = (): void => {
      const waiter = proc.waiter;
      proc.waiter = null;
      waiter?.();
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      proc.lines.push(...parts);
      wake();
    });
    child.stderr.on('data', (chunk: Buffer) => (proc.stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => {
      // The exit is reported through nextLine.
    });
    child.on('error', (error) => {
      proc.stderr += error.message;
      proc.exited = true;
      wake();
    });
    child.on('close', () => {
      proc.exited = true;
      wake();
    });
    return proc;
  }
}

/** The next answer line, or null once the process has exited. */
async function nextLine(proc: UpdaterProcess): Promise<string | null> {
  for (;;) {
    const line = proc.lines.shift();
    if (line !== undefined) return line;
    if (proc.exited) return null;
    await new Promise<void>((resolve) => (proc.waiter = resolve));
  }
}
