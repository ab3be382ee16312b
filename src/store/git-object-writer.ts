// Writes git objects through git itself: long-lived `git hash-object --stdin-paths` (blobs, commits) and `git mktree --batch` (trees).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitEnv } from './git-exec.js';
import { mktreeInput, type TreeEntry } from './git-tree.js';
import { setRef } from './process-ref.js';

/**
 * One git process that answers each request with one line (an object id), in order. Git writes the
 * object, so the repository's object format, `core.sharedRepository` permissions and fsync
 * settings are honoured; a process start is paid once, not per object.
 */
class LineProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  private pending = '';
  private stderr = '';

  constructor(
    private readonly repoDir: string,
    private readonly args: string[],
  ) {}

  request(input: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = this.ensure();
      this.waiting.push({ resolve, reject });
      setRef(child, true);
      child.stdin.write(input);
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.child = null;
    setRef(child, true);
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }

  private ensure(): ChildProcessWithoutNullStreams {
    if (this.child !== null) return this.child;
    const child = spawn('git', this.args, { cwd: this.repoDir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.pending = '';
    this.stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.pending += chunk;
      for (let newline = this.pending.indexOf('\n'); newline >= 0; newline = this.pending.indexOf('\n')) {
        const line = this.pending.slice(0, newline);
        this.pending = this.pending.slice(newline + 1);
        this.waiting.shift()?.resolve(line.trim());
      }
      if (this.waiting.length === 0) setRef(child, false);
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => {
      // Reported by the close handler.
    });
    const fail = (error: Error): void => {
      if (this.child === child) this.child = null;
      const waiting = this.waiting;
      this.waiting = [];
      for (const w of waiting) w.reject(error);
    };
    child.on('error', fail);
    child.on('close', (code) => fail(new Error(`git ${this.args.join(' ')} in ${this.repoDir} stopped (exit ${code ?? 'signal'}): ${this.stderr.trim() || 'no message'}`)));
    return child;
  }
}

export class GitObjectWriter {
  private readonly blobs: LineProcess;
  private readonly commits: LineProcess;
  private readonly trees: LineProcess;
  private tmpDir: Promise<string> | null = null;
  private counter = 0;

  constructor(repoDir: string) {
    this.blobs = new LineProcess(repoDir, ['hash-object', '-w', '--no-filters', '--stdin-paths']);
    this.commits = new LineProcess(repoDir, ['hash-object', '-t', 'commit', '-w', '--stdin-paths']);
    // --missing: entries of other runs are not looked up (a shallow or partial clone may not have them).
    this.trees = new LineProcess(repoDir, ['mktree', '--missing', '--batch']);
  }

  writeBlob(content: Buffer | string): Promise<string> {
    return this.viaFile(this.blobs, content);
  }

  /** `text` is a complete commit object (git checks its format before writing it). */
  writeCommit(text: string): Promise<string> {
    return this.viaFile(this.commits, text);
  }

  writeTree(entries: TreeEntry[]): Promise<string> {
    if (entries.length === 0) throw new Error('refusing to write an empty tree');
    // A blank line ends one tree in --batch mode.
    return this.trees.request(`${mktreeInput(entries)}\n`).then(checkOid);
  }

  async close(): Promise<void> {
    await Promise.all([this.blobs.close(), this.commits.close(), this.trees.close()]);
    if (this.tmpDir !== null) {
      const dir = await this.tmpDir.catch(() => null);
      this.tmpDir = null;
      if (dir !== null) await fs.rm(dir, { recursive: true, force: true });
    }
  }

  /** hash-object reads content from a path: each object goes through a file of its own in a private folder. */
  private async viaFile(process: LineProcess, content: Buffer | string): Promise<string> {
    this.tmpDir ??= fs.mkdtemp(path.join(os.tmpdir(), 'sop-objects-'));
    const file = path.join(await this.tmpDir, `${++this.counter}-${randomBytes(4).toString('hex')}`);
    await fs.writeFile(file, content);
    try {
      return checkOid(await process.request(`${file}\n`));
    } finally {
      await fs.rm(file, { force: true });
    }
  }
}

function checkOid(line: string): string {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(line)) throw new Error(`git answered ${JSON.stringify(line)} where an object id was expected`);
  return line;
}
