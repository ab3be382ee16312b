// The git state store: run state, audit chain and logs committed to a branch with plumbing only, compare-and-swap, optional push.
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { AuditFile, RunState } from '../engine/types.js';
import { git, runGit } from './git-exec.js';
import { GitObjectReader, type GitObject } from './git-object-reader.js';
import {
  BLOB_MODE,
  LooseObjectWriter,
  TREE_MODE,
  editTree,
  objectId,
  parseTree,
  serializeCommit,
  type Identity,
  type ObjectType,
  type PendingObject,
  type TreeEntry,
} from './git-objects.js';
import { readRefFile, updateRefUnderLock } from './git-refs.js';
import {
  AUDIT_DIR,
  STATE_DIR,
  applyWrite,
  assertRunId,
  auditFileName,
  logFileName,
  parseAuditFile,
  parseStateFile,
  runIdOfStateFile,
  stateFileName,
} from './run-files.js';
import type { PutResult, RunSnapshot, RunWrite, StateStore } from './types.js';

export interface GitStoreOptions {
  /** Any directory inside the repository (a work tree, a linked worktree or a bare repository). */
  repoDir: string;
  /** Default `sop-state`. */
  branch?: string;
  /** Remote name (e.g. `origin`): every put is pushed there, without force. */
  remote?: string;
  authorName?: string;
  authorEmail?: string;
  /** How many times a put rebuilds after a rejected push before it gives up. Default 20. */
  maxPushAttempts?: number;
}

const ZERO_OID = '0'.repeat(40);
const DEFAULT_IDENTITY: Identity = { name: 'sop-engine', email: 'sop-engine@users.noreply.github.com' };
/** How long a put waits for other writers holding the branch lock before it gives up. */
const LOCK_WAIT_MS = 90_000;

/** From this many runs on, listRuns reads with two git processes. */
const PARALLEL_LIST_MIN = 2000;

/** Writers in one process queue per branch, so they take turns instead of polling the lock file. */
const queues = new Map<string, Promise<unknown>>();
function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

interface RepoPaths {
  gitDir: string;
  commonDir: string;
  objectsDir: string;
  /** Refs kept in reftable format: go through git update-ref instead of the ref files. */
  reftable: boolean;
}

/** What the branch tip holds that a put needs to build the next commit. */
interface TipView {
  tip: string | null;
  root: Buffer | null;
  stateTree: Buffer | null;
  auditTree: Buffer | null;
  audit: GitObject | null;
  log: GitObject | null;
  /** `audit` already parsed (kept for the commit this store just wrote). */
  parsedAudit?: AuditFile;
}

type LocalCommit = { ok: true; version: string; commit: string; parent: string | null } | { ok: false; reason: 'conflict' };

export class GitStore implements StateStore {
  readonly description: string;
  private readonly repoDir: string;
  private readonly branch: string;
  private readonly ref: string;
  private readonly remote: string | undefined;
  private readonly identity: Identity;
  private readonly maxPushAttempts: number;
  private readonly reader: GitObjectReader;
  /** A second reader, started only for large listRuns (see there). */
  private helper: GitObjectReader | null = null;
  private paths: Promise<RepoPaths> | null = null;
  private writer: LooseObjectWriter | null = null;
  /** What the last commit this store wrote holds for its run: the next put on it needs no reads. */
  private lastWritten: { runId: string; view: TipView } | null = null;

  constructor(options: GitStoreOptions) {
    this.repoDir = path.resolve(options.repoDir);
    this.branch = options.branch ?? 'sop-state';
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(this.branch) || this.branch.includes('..') || this.branch.endsWith('.lock') || this.branch.endsWith('/')) {
      throw new Error(`invalid state branch name ${JSON.stringify(this.branch)}: use letters, digits, ".", "_", "-" and "/" (e.g. sop-state)`);
    }
    if (options.remote !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.remote)) {
      throw new Error(`invalid remote ${JSON.stringify(options.remote)}: give the name of a configured remote, e.g. origin`);
    }
    this.ref = `refs/heads/${this.branch}`;
    this.remote = options.remote;
    this.identity = {
      name: clean(options.authorName) ?? DEFAULT_IDENTITY.name,
      email: clean(options.authorEmail) ?? DEFAULT_IDENTITY.email,
    };
    this.maxPushAttempts = options.maxPushAttempts ?? 20;
    this.description = `git:${this.branch}`;
    this.reader = new GitObjectReader(this.repoDir);
  }

  async get(runId: string): Promise<RunSnapshot | null> {
    assertRunId(runId);
    const tip = await this.readTip();
    if (tip === null) return null;
    const [state, audit] = await this.reader.readMany([
      `${tip}:${STATE_DIR}/${stateFileName(runId)}`,
      `${tip}:${AUDIT_DIR}/${auditFileName(runId)}`,
    ]);
    return this.snapshot(runId, state ?? null, audit ?? null);
  }

  async put(runId: string, expected: string | null, write: RunWrite): Promise<PutResult> {
    assertRunId(runId);
    if (this.remote === undefined) {
      const result = await this.commitLocally(runId, expected, write);
      return result.ok ? { ok: true, version: result.version } : result;
    }
    for (let attempt = 1; attempt <= this.maxPushAttempts; attempt++) {
      const result = await this.commitLocally(runId, expected, write);
      if (!result.ok) return result;
      // A push that fails for any reason but a moved tip (network, credentials) leaves nothing behind locally.
      const pushed = await this.push(result.commit).catch(async (error: unknown) => {
        await this.rollback(result.commit, result.parent);
        throw error;
      });
      if (pushed === 'pushed') return { ok: true, version: result.version };
      // Someone else moved the remote branch first: our commit is discarded and the run re-checked on their tip.
      const remoteTip = await this.fetchRemoteTip();
      if (remoteTip === null || remoteTip === result.parent) {
        await this.rollback(result.commit, result.parent);
        throw new Error(`git push to ${this.remote} ${this.branch} was rejected although nobody else moved it: ${pushed.message}; check the branch protection rules of ${this.branch}`);
      }
      await this.setLocalTip(remoteTip);
    }
    throw new Error(
      `gave up writing run ${runId} after ${this.maxPushAttempts} rejected pushes to ${this.remote} ${this.branch} (other writers kept moving it); try again`,
    );
  }

  /** Remote mode: bring the local branch to the remote's tip (created if only the remote has it). */
  async sync(): Promise<void> {
    if (this.remote === undefined) return;
    const remoteTip = await this.fetchRemoteTip();
    if (remoteTip === null) return;
    const local = await this.readTip();
    if (local === remoteTip) return;
    if (local !== null) {
      // Keep local commits the remote has not seen yet (e.g. a push that failed on the network); the next put publishes them.
      const ahead = await runGit(this.repoDir, ['merge-base', '--is-ancestor', remoteTip, local]);
      if (ahead.code === 0) return;
    }
    await this.setLocalTip(remoteTip);
  }

  async listRunIds(): Promise<string[]> {
    return (await this.stateEntries()).map((entry) => entry.runId);
  }

  async listRuns(): Promise<RunState[]> {
    const entries = await this.stateEntries();
    const runs: RunState[] = new Array<RunState>(entries.length);
    // Inflating the blobs is git's work and single-threaded per process: a large list is split
    // between this reader and a second one, so two cores share it. Each state is parsed as it
    // arrives, while git is still inflating the next ones.
    const split = entries.length >= PARALLEL_LIST_MIN && availableParallelism() > 1 ? Math.ceil(entries.length / 2) : entries.length;
    const readPart = (reader: GitObjectReader, from: number, to: number): Promise<void> =>
      reader.readEach(
        entries.slice(from, to).map((entry) => entry.oid),
        (offset, blob) => {
          const i = from + offset;
          const where = `${this.description}:${STATE_DIR}/${stateFileName(entries[i]?.runId ?? '?')}`;
          if (blob === null) throw new Error(`${where} is missing from the repository's objects; run git fsck`);
          runs[i] = parseStateFile(blob.content.toString('utf8'), where);
        },
      );
    const parts = [readPart(this.reader, 0, split)];
    if (split < entries.length) {
      this.helper ??= new GitObjectReader(this.repoDir);
      parts.push(readPart(this.helper, split, entries.length));
    }
    await Promise.all(parts);
    return runs;
  }

  async readLog(runId: string): Promise<string | null> {
    assertRunId(runId);
    const tip = await this.readTip();
    if (tip === null) return null;
    const log = await this.reader.read(`${tip}:${AUDIT_DIR}/${logFileName(runId)}`);
    return log === null ? null : log.content.toString('utf8');
  }

  /**
   * The run's audit record as each commit that changed it left it, oldest first: lets `sop verify`
   * check that every commit appended events and none rewrote history.
   */
  async auditHistory(runId: string): Promise<{ commit: string; audit: AuditFile | null }[]> {
    assertRunId(runId);
    const tip = await this.readTip();
    if (tip === null) return [];
    const file = `${AUDIT_DIR}/${auditFileName(runId)}`;
    const commits = (await git(this.repoDir, ['rev-list', '--reverse', tip, '--', file])).split('\n').filter((line) => line !== '');
    const blobs = await this.reader.readMany(commits.map((commit) => `${commit}:${file}`));
    return commits.map((commit, i) => {
      const blob = blobs[i] ?? null;
      return { commit, audit: blob === null ? null : parseAuditFile(blob.content.toString('utf8'), `${commit.slice(0, 12)}:${file}`) };
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.reader.close(), this.helper?.close()]);
  }

  // ---- internals ----

  private snapshot(runId: string, state: GitObject | null, audit: GitObject | null): RunSnapshot | null {
    if (state === null && audit === null) return null;
    const where = `${this.description}:${STATE_DIR}/${stateFileName(runId)}`;
    if (state === null || audit === null) {
      const missing = state === null ? where : `${this.description}:${AUDIT_DIR}/${auditFileName(runId)}`;
      throw new Error(`run ${runId} is damaged: ${missing} is missing; restore it from the history of branch ${this.branch}`);
    }
    return {
      state: parseStateFile(state.content.toString('utf8'), where),
      audit: parseAuditFile(audit.content.toString('utf8'), `${this.description}:${AUDIT_DIR}/${auditFileName(runId)}`),
      version: audit.oid,
    };
  }

  private async stateEntries(): Promise<{ runId: string; oid: string }[]> {
    // The tree is read by ref name, so git resolves the branch (files, packed or reftable) in the
    // process already reading objects, and the repository check runs alongside instead of before it.
    const [tree, paths] = await Promise.allSettled([this.reader.read(`${this.ref}:${STATE_DIR}`), this.resolvePaths()]);
    if (paths.status === 'rejected') throw paths.reason;
    if (tree.status === 'rejected') throw tree.reason;
    if (tree.value === null || tree.value.type !== 'tree') return [];
    const entries: { runId: string; oid: string }[] = [];
    for (const entry of parseTree(tree.value.content)) {
      const runId = entry.mode === BLOB_MODE ? runIdOfStateFile(entry.name) : null;
      if (runId !== null) entries.push({ runId, oid: entry.oid });
    }
    return entries;
  }

  /**
   * Commit the write on the local branch tip if the run is still at `expected`. Writers to other
   * runs only make us wait for the branch lock, never re-decide.
   */
  private async commitLocally(runId: string, expected: string | null, write: RunWrite): Promise<LocalCommit> {
    const paths = await this.resolvePaths();
    return serialised(`${paths.commonDir}\0${this.ref}`, async () => {
      const deadline = Date.now() + LOCK_WAIT_MS;
      for (let attempt = 1; ; attempt++) {
        const outcome = paths.reftable
          ? await this.commitWithUpdateRef(runId, expected, write)
          : await updateRefUnderLock<LocalCommit>(paths.commonDir, this.ref, async (tip) => {
              const view = await this.viewAt(tip, runId);
              if ((view.audit?.oid ?? null) !== expected) return { next: null, value: { ok: false, reason: 'conflict' } };
              const built = await this.build(runId, view, write);
              return {
                next: built.commit,
                reflog: { ...this.identity, message: `sop-engine: ${write.message}` },
                value: { ok: true, version: built.version, commit: built.commit, parent: tip },
              };
            });
        if (outcome.status === 'done') return outcome.value;
        if (Date.now() > deadline) {
          throw new Error(
            `branch ${this.branch} stayed locked for ${LOCK_WAIT_MS / 1000} s; if no sop or git process is running, remove ${path.join(paths.commonDir, `${this.ref}.lock`)}`,
          );
        }
        await pause(attempt);
      }
    });
  }

  /** Reftable repositories: optimistic build, then `git update-ref` with the old value as the check. */
  private async commitWithUpdateRef(runId: string, expected: string | null, write: RunWrite): Promise<{ status: 'locked' } | { status: 'done'; value: LocalCommit }> {
    const view = await this.viewAt(await this.readTip(), runId);
    if ((view.audit?.oid ?? null) !== expected) return { status: 'done', value: { ok: false, reason: 'conflict' } };
    const built = await this.build(runId, view, write);
    const update = await runGit(this.repoDir, ['update-ref', '-m', `sop-engine: ${write.message}`, this.ref, built.commit, view.tip ?? ZERO_OID]);
    if (update.code === 0) return { status: 'done', value: { ok: true, version: built.version, commit: built.commit, parent: view.tip } };
    if (/cannot lock ref|unable to create|file exists/i.test(update.stderr)) return { status: 'locked' };
    throw new Error(`cannot move branch ${this.branch} in ${this.repoDir}: ${update.stderr.trim()}`);
  }

  private async viewAt(tip: string | null, runId: string): Promise<TipView> {
    if (tip === null) return { tip, root: null, stateTree: null, auditTree: null, audit: null, log: null };
    const last = this.lastWritten;
    if (last !== null && last.view.tip === tip && last.runId === runId) return last.view;
    const [root, stateTree, auditTree, audit, log] = await this.reader.readMany([
      `${tip}^{tree}`,
      `${tip}:${STATE_DIR}`,
      `${tip}:${AUDIT_DIR}`,
      `${tip}:${AUDIT_DIR}/${auditFileName(runId)}`,
      `${tip}:${AUDIT_DIR}/${logFileName(runId)}`,
    ]);
    if (root === null || root === undefined) throw new Error(`branch ${this.branch} points at ${tip}, which is not a commit in ${this.repoDir}; run git fsck`);
    return {
      tip,
      root: root.content,
      stateTree: stateTree?.type === 'tree' ? stateTree.content : null,
      auditTree: auditTree?.type === 'tree' ? auditTree.content : null,
      audit: audit ?? null,
      log: log ?? null,
    };
  }

  /** Every object of the next commit, hashed in memory and written in one concurrent batch. */
  private async build(runId: string, view: TipView, write: RunWrite): Promise<{ commit: string; version: string }> {
    const writer = await this.objectWriter();
    const currentAudit = view.parsedAudit ?? (view.audit === null ? null : parseAuditFile(view.audit.content.toString('utf8'), `${this.description}:${AUDIT_DIR}/${auditFileName(runId)}`));
    const texts = applyWrite(runId, currentAudit, view.log === null ? null : view.log.content.toString('utf8'), write);
    const objects: PendingObject[] = [];
    const add = (type: ObjectType, content: Buffer): string => {
      objects.push({ type, content });
      return objectId(type, content);
    };
    const stateOid = add('blob', Buffer.from(texts.state, 'utf8'));
    const auditContent = Buffer.from(texts.audit, 'utf8');
    const auditOid = add('blob', auditContent);
    const auditChanges: TreeEntry[] = [{ mode: BLOB_MODE, name: auditFileName(runId), oid: auditOid }];
    const logContent = texts.log === null ? null : Buffer.from(texts.log, 'utf8');
    const logOid = logContent === null ? null : add('blob', logContent);
    if (logOid !== null) auditChanges.push({ mode: BLOB_MODE, name: logFileName(runId), oid: logOid });
    const stateTreeContent = editTree(view.stateTree, [{ mode: BLOB_MODE, name: stateFileName(runId), oid: stateOid }]);
    const stateTree = add('tree', stateTreeContent);
    const auditTreeContent = editTree(view.auditTree, auditChanges);
    const auditTree = add('tree', auditTreeContent);
    const rootContent = editTree(view.root, [
      { mode: TREE_MODE, name: STATE_DIR, oid: stateTree },
      { mode: TREE_MODE, name: AUDIT_DIR, oid: auditTree },
    ]);
    const root = add('tree', rootContent);
    const message = `sop(${runId}): ${write.message}`;
    const commit = add('commit', serializeCommit(root, view.tip === null ? [] : [view.tip], this.identity, this.identity, message, new Date()));
    await writer.writeAll(objects);
    // Remembered only as the view at `commit`: used again only while the branch still points there.
    this.lastWritten = {
      runId,
      view: {
        tip: commit,
        root: rootContent,
        stateTree: stateTreeContent,
        auditTree: auditTreeContent,
        audit: { oid: auditOid, type: 'blob', content: auditContent },
        log: logContent === null || logOid === null ? view.log : { oid: logOid, type: 'blob', content: logContent },
        parsedAudit: texts.auditFile,
      },
    };
    return { commit, version: auditOid };
  }

  private async push(commit: string): Promise<'pushed' | { message: string }> {
    const remote = this.remote as string;
    const result = await runGit(this.repoDir, ['push', '--porcelain', '--no-verify', remote, `${commit}:${this.ref}`]);
    if (result.code === 0) return 'pushed';
    const rejected = result.stdout.split('\n').find((line) => line.startsWith('!'));
    if (rejected !== undefined && /rejected/.test(rejected)) return { message: rejected.split('\t').slice(2).join(' ') || rejected };
    throw new Error(`git push to ${remote} failed: ${(result.stderr || result.stdout).trim()}; check the remote's URL and credentials (in Actions: the github-token needs contents: write)`);
  }

  /** Fetch the remote branch into refs/remotes/<remote>/<branch>; null when the remote has no such branch. */
  private async fetchRemoteTip(): Promise<string | null> {
    const remote = this.remote as string;
    const tracking = `refs/remotes/${remote}/${this.branch}`;
    const result = await runGit(this.repoDir, ['fetch', '--no-tags', '--quiet', '--no-write-fetch-head', remote, `+${this.ref}:${tracking}`]);
    if (result.code !== 0) {
      if (/couldn't find remote ref/i.test(result.stderr)) return null;
      throw new Error(`git fetch ${remote} ${this.branch} failed: ${result.stderr.trim()}; check the remote's URL and credentials`);
    }
    return this.readRef(tracking);
  }

  private async setLocalTip(oid: string): Promise<void> {
    await this.assertNotCheckedOut();
    await git(this.repoDir, ['update-ref', '-m', 'sop-engine: sync with remote', this.ref, oid]);
  }

  /** Undo a local commit the remote refused, unless another writer already built on it. */
  private async rollback(commit: string, parent: string | null): Promise<void> {
    const args = parent === null ? ['update-ref', '-d', this.ref, commit] : ['update-ref', this.ref, parent, commit];
    await runGit(this.repoDir, args);
  }

  private async resolvePaths(): Promise<RepoPaths> {
    this.paths ??= (async () => {
      const result = await runGit(this.repoDir, ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir', '--git-path', 'objects', '--show-object-format']);
      if (result.code !== 0) {
        throw new Error(`${this.repoDir} is not inside a git repository (${result.stderr.trim()}); run git init there, or use --state dir:<path>`);
      }
      const [gitDir, commonDir, objectsDir, format] = result.stdout.split('\n');
      if (format !== 'sha1') {
        throw new Error(`the repository at ${this.repoDir} uses the ${format ?? 'unknown'} object format; the git state store supports sha1 repositories only (use --state dir:<path>)`);
      }
      const common = commonDir ?? '';
      const reftable = await fs.stat(path.join(common, 'reftable')).then(
        (stat) => stat.isDirectory(),
        () => false,
      );
      return { gitDir: gitDir ?? '', commonDir: common, objectsDir: objectsDir ?? '', reftable };
    })();
    try {
      return await this.paths;
    } catch (error) {
      this.paths = null;
      throw error;
    }
  }

  private async objectWriter(): Promise<LooseObjectWriter> {
    if (this.writer === null) {
      await this.assertNotCheckedOut();
      this.writer = new LooseObjectWriter((await this.resolvePaths()).objectsDir);
    }
    return this.writer;
  }

  /** Moving a checked-out branch would change the user's working tree under them. */
  private async assertNotCheckedOut(): Promise<void> {
    const { gitDir } = await this.resolvePaths();
    const head = await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '');
    if (head.trim() === `ref: ${this.ref}`) {
      throw new Error(`the state branch ${this.branch} is checked out in ${this.repoDir}; switch to another branch (git switch -) or choose another state branch`);
    }
  }

  private async readTip(): Promise<string | null> {
    return this.readRef(this.ref);
  }

  /** Read a ref straight from the ref files (what git does), to avoid a process start per read. */
  private async readRef(ref: string): Promise<string | null> {
    const { commonDir, reftable } = await this.resolvePaths();
    const direct = reftable ? 'unusual' : await readRefFile(commonDir, ref);
    if (direct !== 'unusual') return direct;
    const result = await runGit(this.repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return result.code === 0 ? result.stdout.trim() : null;
  }
}

function clean(value: string | undefined): string | undefined {
  const cleaned = value?.replace(/[<>\n\r]/g, '').trim();
  return cleaned === undefined || cleaned === '' ? undefined : cleaned;
}

/** A short, jittered pause so writers contending for the ref lock do not retry in lockstep. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(20, 1 + attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
