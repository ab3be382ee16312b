// One long-lived `git cat-file --batch` process that answers object reads for a repository, in order.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { gitEnv } from './git-exec.js';

export interface GitObject {
  oid: string;
  type: string;
  content: Buffer;
}

/**
 * One request of one or more names, answered object by object in order. A group, not a promise per
 * name: listRuns asks for 10,000 objects at once, and per-object promises cost more than the parsing.
 */
interface Pending {
  names: string[];
  /** How many of `names` have been answered. */
  next: number;
  /** Called with each answer in order; `content` may be a view of the read buffer, valid only during the call. */
  visit: (index: number, object: GitObject | null) => void;
  resolve: () => void;
  reject: (error: Error) => void;
}

type Refable = { ref?: () => void; unref?: () => void };

/**
 * Reads objects by name (`<oid>`, `<commit>:<path>`, …) through one process, so a read costs a
 * pipe round trip instead of a process start. Requests are answered in the order they are sent,
 * which lets callers pipeline thousands of reads (listRuns) without waiting for each.
 */
export class GitObjectReader {
  private child: ChildProcessWithoutNullStreams | null = null;
  /** Waiting reads, answered from `head` on (an index, not shift(): 10,000 pipelined reads stay linear). */
  private queue: Pending[] = [];
  private head = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private header: { oid: string; type: string; size: number } | null = null;
  private stderr = '';
  /**
   * `--batch-command --buffer` (git 2.36+) lets git answer a pipelined batch in large writes,
   * several times faster for listRuns than `--batch`, which flushes after every object. Older git
   * rejects the option (exit 129) and the reader falls back to `--batch`.
   */
  private mode: 'command' | 'legacy' = 'command';
  private answered = false;

  constructor(private readonly repoDir: string) {}

  read(name: string): Promise<GitObject | null> {
    return this.readMany([name]).then((objects) => objects[0] ?? null);
  }

  /** Read many objects with one write; results are in the order of `names`. */
  async readMany(names: string[]): Promise<(GitObject | null)[]> {
    const results: (GitObject | null)[] = new Array<GitObject | null>(names.length).fill(null);
    await this.readEach(names, (index, object) => {
      // Copy so the object does not pin the whole read buffer in memory.
      results[index] = object === null ? null : { ...object, content: Buffer.from(object.content) };
    });
    return results;
  }

  /**
   * Stream many objects through `visit`, in the order of `names`, as git answers them: the caller
   * decodes each while git is still reading the next. `object.content` is only valid during the
   * call (it may be a view of the read buffer); copy or decode it there. A `visit` that throws
   * rejects the returned promise; the remaining answers are still read and dropped.
   */
  readEach(names: string[], visit: (index: number, object: GitObject | null) => void): Promise<void> {
    const bad = names.find((name) => name.includes('\n'));
    if (bad !== undefined) return Promise.reject(new Error(`object name must be one line: ${JSON.stringify(bad)}`));
    if (names.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const child = this.ensure();
      let failure: Error | null = null;
      this.queue.push({
        names,
        next: 0,
        visit: (index, object) => {
          if (failure !== null) return;
          try {
            visit(index, object);
          } catch (error) {
            failure = error instanceof Error ? error : new Error(String(error));
          }
        },
        resolve: () => (failure === null ? resolve() : reject(failure)),
        reject,
      });
      this.setRef(true);
      child.stdin.write(this.request(names));
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    // Hold the program open until git has exited, even though an idle reader is unref'd.
    this.setRef(true, child);
    this.child = null;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }

  private request(names: string[]): string {
    if (this.mode === 'legacy') return `${names.join('\n')}\n`;
    return `${names.map((name) => `contents ${name}`).join('\n')}\nflush\n`;
  }

  private ensure(): ChildProcessWithoutNullStreams {
    if (this.child !== null) return this.child;
    const args = this.mode === 'command' ? ['cat-file', '--batch-command', '--buffer'] : ['cat-file', '--batch'];
    this.answered = false;
    const child = spawn('git', args, { cwd: this.repoDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.buffer = Buffer.alloc(0);
    this.header = null;
    this.stderr = '';
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    child.stdin.on('error', () => {
      // The close handler reports the failure to every waiting read.
    });
    child.on('error', (error) => this.fail(child, error));
    child.on('close', (code) => {
      if (code === 129 && this.mode === 'command' && !this.answered && this.child === child) {
        this.retryWithLegacyBatch();
        return;
      }
      this.fail(child, new Error(`git cat-file --batch in ${this.repoDir} stopped (exit ${code ?? 'signal'}): ${this.stderr.trim() || 'no message'}`));
    });
    return child;
  }

  /** Old git: resend every waiting read to a plain `--batch` process. */
  private retryWithLegacyBatch(): void {
    this.mode = 'legacy';
    this.child = null;
    const waiting = this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    if (waiting.length === 0) return;
    const child = this.ensure();
    this.queue = waiting;
    this.setRef(true);
    child.stdin.write(this.request(waiting.flatMap((pending) => pending.names.slice(pending.next))));
  }

  private fail(child: ChildProcessWithoutNullStreams, error: Error): void {
    if (this.child === child) this.child = null;
    const waiting = this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    for (const pending of waiting) pending.reject(error);
  }

  /** An idle reader must not keep the program alive (a CLI that forgets close() still exits). */
  private setRef(on: boolean, child = this.child): void {
    if (child === null) return;
    for (const handle of [child, child.stdin as Refable, child.stdout as Refable, child.stderr as Refable] as Refable[]) {
      if (on) handle.ref?.();
      else handle.unref?.();
    }
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let at = 0;
    for (;;) {
      if (this.header === null) {
        const newline = this.buffer.indexOf(10, at);
        if (newline < 0) break;
        const line = this.buffer.toString('latin1', at, newline);
        at = newline + 1;
        const parts = line.split(' ');
        const last = parts[parts.length - 1];
        if (last === 'missing' || last === 'ambiguous' || parts.length !== 3) {
          this.settle(null);
          continue;
        }
        this.header = { oid: parts[0] ?? '', type: parts[1] ?? '', size: Number(parts[2]) };
      }
      const { oid, type, size } = this.header;
      if (this.buffer.length - at < size + 1) break;
      const content = this.buffer.subarray(at, at + size);
      at += size + 1;
      this.header = null;
      this.settle({ oid, type, content });
    }
    // Keep only the unanswered tail; a view of a chunk that is fully consumed is dropped.
    this.buffer = at === 0 ? this.buffer : at >= this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(at);
  }

  private settle(object: GitObject | null): void {
    this.answered = true;
    const pending = this.queue[this.head];
    if (pending === undefined) return;
    pending.visit(pending.next++, object);
    if (pending.next < pending.names.length) return;
    this.head++;
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
      this.setRef(false);
    }
    pending.resolve();
  }
}
