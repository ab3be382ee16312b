// The git state store: runs/<YYYY>/<MM>/<DD>/<run-id>/ committed to a branch by git plumbing, compare-and-swap by update-ref, optional push.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { AuditFile } from '../audit/format.js';
import type { RunState } from '../engine/state-format.js';
import { git, runGit, type GitResult } from './git-exec.js';
import { GitObjectReader, type GitObject } from './git-object-reader.js';
import { GitObjectWriter } from './git-object-writer.js';
import { RefUpdater, compareAndSwapRef } from './git-ref-update.js';
import { BLOB_MODE, TREE_MODE, oidBytes, parseTree, withEntries, type TreeEntry } from './git-tree.js';
import { applyWrite, parseAuditFile, parseStateFile } from './run-files.js';
import {
  AUDIT_FILE,
  LOG_FILE,
  RUNS_DIR,
  STATE_FILE,
  assertRunId,
  auditPath,
  isMonthOrDayName,
  isRunFolderOf,
  isYearName,
  logPath,
  runDate,
  runFolder,
  statePath,
} from './run-layout.js';
import type { PutResult, RunSnapshot, RunWrite, StateStore } from './types.js';

export interface GitStoreOptions {
  /** Any directory inside the repository (a work tree, a linked worktree or a bare repository). */
  repoDir: string;
  /** Default `sop-state`. */
  branch?: string;
  /** Remote name (e.g. `origin`): the branch is fetched shallow from it and every put is pushed there, without force. */
  remote?: string;
  authorName?: string;
  authorEmail?: string;
  /**
   * With `remote`: fetch only what a put or get on one run needs, as a partial clone (the Action,
   * on a fresh runner): the tip commit, the trees on the path to the run and the run's own files,
   * never the rest of the branch, so the cost of an event does not grow with the runs on the branch.
   * Listing runs fetches every run's folder, in one request per level. Needs a server that allows
   * filters (GitHub does); one that does not sends everything, which still works.
   */
  partialFetch?: boolean;
  /** Partial fetch: a branch whose tip says (Sop-Runs) it holds at most this many runs is fetched whole, in one request. Default 1000. */
  wholeBranchRuns?: number;
  /** How many times a put rebuilds after a rejected push before it gives up. Default 20. */
  maxPushAttempts?: number;
  /** How long a put waits for a lock another process holds on the branch. Default 30 s. */
  lockWaitMs?: number;
  /** Clock and pause for lock waits (tests inject them; default: real time). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Identity {
  name: string;
  email: string;
}

const DEFAULT_IDENTITY: Identity = { name: 'sop-engine', email: 'sop-engine@users.noreply.github.com' };
const DEFAULT_LOCK_WAIT_MS = 30_000;
/** Rebuilds after the branch moved under a put (other writers made progress each time). */
const MAX_MOVED_RETRIES = 1000;

/**
 * Filters tried in order for the tip fetch of a partial store: the commit alone, else (a server that
 * allows no filter) everything. Not `tree:<depth>` for the trees down to a month: git's server walks
 * the whole tree for it (2 s at 100,000 runs against 0.14 s for tree:0), and GitHub allows only tree:0.
 */
const TIP_FILTERS = ['tree:0', null] as const;
type TipFilter = (typeof TIP_FILTERS)[number];

/**
 * Partial store: a branch whose tip says it holds at most this many runs is fetched whole (one
 * request, about 3.5 KB a run), not folder by folder (six requests). The count is only a hint:
 * whatever it says, the same objects are read, by their ids.
 */
const SMALL_BRANCH_RUNS = 1000;
/** The commit trailer that carries how many runs the branch holds after the commit. */
const RUNS_TRAILER = 'Sop-Runs';
const RUNS_TRAILER_LINE = new RegExp(`^${RUNS_TRAILER}: (\\d{1,9})$`);

/** From this many runs on, listRuns reads with two git processes. */
const PARALLEL_LIST_MIN = 2000;

/** Writers in one process queue per branch, so they take turns instead of racing update-ref. */
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

interface RepoInfo {
  commonDir: string;
  /** Bytes of a binary object id in trees (20 sha1, 32 sha256). */
  hashBytes: number;
}

/** The trees on the path from the root to a run's folder, at one commit (null: absent). */
interface RunPathTrees {
  root: TreeEntry[] | null;
  runs: TreeEntry[] | null;
  year: TreeEntry[] | null;
  month: TreeEntry[] | null;
  day: TreeEntry[] | null;
  folder: TreeEntry[] | null;
}

/** What a commit holds that a put on one run needs to build the next commit. */
interface TipView {
  tip: string | null;
  trees: RunPathTrees;
  audit: GitObject | null;
  log: GitObject | null;
  /** `audit` already parsed (kept for the commit this store just wrote). */
  parsedAudit?: AuditFile;
  /** state.json (read only by a partial store's get). */
  state?: GitObject | null;
  /** How many runs the branch holds at `tip`, from its commit's Sop-Runs trailer (null: not said). */
  runs: number | null;
}

/** One commit that changed a run's folder, as `sop verify` inspects it. */
export interface RunCommit {
  commit: string;
  subject: string;
  audit: AuditFile | null;
  state: RunState | null;
  /** state.json changed in this commit (compared with the previous commit that touched the folder). */
  stateChanged: boolean;
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
  private readonly lockWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly partial: boolean;
  /** Partial store: the tip filter the remote accepted last (see TIP_FILTERS). */
  private tipFilter: TipFilter = TIP_FILTERS[0];
  /** Partial store: the remote is recorded as a promisor (see fetchFiltered). */
  private promisorRegistered = false;
  /** Partial store: a tip whose whole tree is here (a small branch fetched whole, and commits built on it). */
  private completeTip: string | null = null;
  private readonly wholeBranchRuns: number;
  private readonly reader: GitObjectReader;
  /** A second reader, started only for large listRuns (see there). */
  private helper: GitObjectReader | null = null;
  private info: Promise<RepoInfo> | null = null;
  private writer: GitObjectWriter | null = null;
  private updater: RefUpdater | null = null;
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
    this.lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.description = `git:${this.branch}`;
    this.partial = options.partialFetch === true && options.remote !== undefined;
    this.wholeBranchRuns = options.wholeBranchRuns ?? SMALL_BRANCH_RUNS;
    this.reader = new GitObjectReader(this.repoDir);
  }

  async get(runId: string): Promise<RunSnapshot | null> {
    assertRunId(runId);
    if (this.partial) {
      const tip = await this.readTip();
      if (tip === null) return null;
      const view = await this.walkRun(tip, runId, true);
      return this.snapshot(runId, view.state ?? null, view.audit);
    }
    // Both files from one commit: a state and an audit record from two commits would not match.
    const folder = await this.reader.read(`${this.ref}:${runFolder(runId)}`);
    if (folder === null || folder.type !== 'tree') return null;
    const [state, audit] = await this.reader.readMany([`${folder.oid}:${STATE_FILE}`, `${folder.oid}:${AUDIT_FILE}`]);
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
      await this.setLocalTip(remoteTip, result.commit);
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
    await this.setLocalTip(remoteTip, local);
  }

  async listRunIds(): Promise<string[]> {
    return (await this.runFolders()).map((entry) => entry.runId);
  }

  async listRuns(): Promise<RunState[]> {
    const tip = await this.readTip();
    const entries = await this.runFolders(tip);
    // A partial store fetches every run's folder it does not have yet, in one request.
    if (this.partial && tip !== null) await this.readObjects(entries.map((entry) => entry.oid), 'subtree', tip);
    const runs: RunState[] = new Array<RunState>(entries.length);
    // Inflating the blobs is git's work and single-threaded per process: a large list is split
    // between this reader and a second one, so two cores share it. Each state is parsed as it
    // arrives, while git is still inflating the next ones.
    const split = entries.length >= PARALLEL_LIST_MIN && availableParallelism() > 1 ? Math.ceil(entries.length / 2) : entries.length;
    const readPart = (reader: GitObjectReader, from: number, to: number): Promise<void> =>
      reader.readEach(
        entries.slice(from, to).map((entry) => `${entry.oid}:${STATE_FILE}`),
        (offset, blob) => {
          const i = from + offset;
          const where = `${this.description}:${statePath(entries[i]?.runId ?? '?')}`;
          if (blob === null) throw new Error(`${where} is missing; restore it from the history of branch ${this.branch}`);
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
    if (this.partial) {
      const tip = await this.readTip();
      return tip === null ? null : ((await this.walkRun(tip, runId, false)).log?.content.toString('utf8') ?? null);
    }
    const log = await this.reader.read(`${this.ref}:${logPath(runId)}`);
    return log === null || log.type !== 'blob' ? null : log.content.toString('utf8');
  }

  /**
   * Every commit that changed the run's folder, oldest first, with the audit record and state it
   * left: lets `sop verify` check who wrote the files, that history only appended, and that each
   * state was audited.
   */
  async runHistory(runId: string): Promise<RunCommit[]> {
    assertRunId(runId);
    if (this.partial) {
      throw new Error(`the history of run ${runId} is not here: this store fetched only the tip of ${this.branch}; run sop verify in a clone that has the branch (git fetch ${this.remote ?? 'origin'} ${this.branch})`);
    }
    const tip = await this.readTip();
    if (tip === null) return [];
    const log = await git(this.repoDir, ['log', '--full-history', '--reverse', '--format=%H %s', tip, '--', runFolder(runId)]);
    const commits = log
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => ({ commit: line.slice(0, line.indexOf(' ')), subject: line.slice(line.indexOf(' ') + 1) }));
    const blobs = await this.reader.readMany(commits.flatMap(({ commit }) => [`${commit}:${auditPath(runId)}`, `${commit}:${statePath(runId)}`]));
    let previousState: string | null = null;
    return commits.map(({ commit, subject }, i) => {
      const short = commit.slice(0, 12);
      const auditBlob = blobs[2 * i] ?? null;
      const stateBlob = blobs[2 * i + 1] ?? null;
      const stateChanged = (stateBlob?.oid ?? null) !== previousState;
      previousState = stateBlob?.oid ?? null;
      return {
        commit,
        subject,
        audit: auditBlob === null ? null : parseAuditFile(auditBlob.content.toString('utf8'), `${short}:${auditPath(runId)}`),
        state: stateBlob === null ? null : parseStateFile(stateBlob.content.toString('utf8'), `${short}:${statePath(runId)}`),
        stateChanged,
      };
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.reader.close(), this.helper?.close(), this.writer?.close(), this.updater?.close()]);
    this.writer = null;
    this.updater = null;
  }

  // ---- internals ----

  private snapshot(runId: string, state: GitObject | null, audit: GitObject | null): RunSnapshot | null {
    if (state === null && audit === null) return null;
    const where = `${this.description}:${statePath(runId)}`;
    if (state === null || audit === null) {
      const missing = state === null ? where : `${this.description}:${auditPath(runId)}`;
      throw new Error(`run ${runId} is damaged: ${missing} is missing; restore it from the history of branch ${this.branch}`);
    }
    return {
      state: parseStateFile(state.content.toString('utf8'), where),
      audit: parseAuditFile(audit.content.toString('utf8'), `${this.description}:${auditPath(runId)}`),
      version: audit.oid,
    };
  }

  /** Every run folder at `tip` (default: the branch tip): runs/<YYYY>/<MM>/<DD>/<run-id>, read level by level. */
  private async runFolders(at?: string | null): Promise<{ runId: string; oid: string }[]> {
    const tip = at === undefined ? await this.readTip() : at;
    if (tip === null) return [];
    const [runsTree, info] = await Promise.allSettled([this.runsTree(tip), this.repoInfo()]);
    if (info.status === 'rejected') throw info.reason;
    if (runsTree.status === 'rejected') throw runsTree.reason;
    if (runsTree.value === null || runsTree.value.type !== 'tree') return [];
    const { hashBytes } = info.value;
    const subtrees = (content: Buffer, accept: (name: string) => boolean): TreeEntry[] =>
      parseTree(content, hashBytes).filter((entry) => entry.mode === TREE_MODE && accept(entry.name));
    const years = subtrees(runsTree.value.content, isYearName);
    const yearTrees = await this.readObjects(years.map((year) => year.oid), 'object', tip);
    const months = years.flatMap((year, i) => subtrees(yearTrees[i]?.content ?? Buffer.alloc(0), isMonthOrDayName).map((month) => ({ year: year.name, month })));
    const monthTrees = await this.readObjects(months.map((m) => m.month.oid), 'object', tip);
    const days = months.flatMap((m, i) =>
      subtrees(monthTrees[i]?.content ?? Buffer.alloc(0), isMonthOrDayName).map((day) => ({ year: m.year, month: m.month.name, day })),
    );
    const dayTrees = await this.readObjects(days.map((d) => d.day.oid), 'object', tip);
    return days.flatMap((d, i) =>
      subtrees(dayTrees[i]?.content ?? Buffer.alloc(0), (name) => isRunFolderOf(name, d.year, d.month, d.day.name)).map((entry) => ({
        runId: entry.name,
        oid: entry.oid,
      })),
    );
  }

  /**
   * Commit the write on the local branch tip if the run is still at `expected`, moving the branch
   * with update-ref against the tip it was built on. A tip moved by a writer of another run means
   * rebuild on the new tip (never re-decide); a lock held by another process means wait, boundedly.
   */
  private async commitLocally(runId: string, expected: string | null, write: RunWrite): Promise<LocalCommit> {
    const { commonDir, hashBytes } = await this.repoInfo();
    return serialised(`${commonDir}\0${this.ref}`, async () => {
      const deadline = this.now() + this.lockWaitMs;
      for (let attempt = 1, moved = 0; ; attempt++) {
        const tip = await this.readTip();
        const view = await this.viewAt(tip, runId);
        if ((view.audit?.oid ?? null) !== expected) return { ok: false, reason: 'conflict' };
        const built = await this.build(runId, view, write);
        this.updater ??= new RefUpdater(this.repoDir, 'sop-engine: commit a run transition', '0'.repeat(hashBytes * 2));
        const update = await this.updater.update(this.ref, built.commit, tip, () => this.readTip());
        if (update.status === 'updated') {
          this.lastWritten = { runId, view: built.view };
          if (this.completeTip !== null && this.completeTip === tip) this.completeTip = built.commit;
          return { ok: true, version: built.version, commit: built.commit, parent: tip };
        }
        if (update.status === 'moved') {
          if (++moved > MAX_MOVED_RETRIES) {
            throw new Error(`branch ${this.branch} moved under every one of ${MAX_MOVED_RETRIES} attempts to write run ${runId}; another process writes to it continuously, retry when it is idle`);
          }
          // Another process committed first: let the racers spread out, so each rebuild has a fair chance to land.
          await this.sleep(Math.random() * Math.min(200, 10 * moved));
          continue;
        }
        if (this.now() >= deadline) {
          throw new Error(
            `branch ${this.branch} stayed locked for ${Math.round(this.lockWaitMs / 1000)} s by ${update.lockFile}; nothing was written. Another git process holds it; if none is running (a crashed git left it), remove that file and retry`,
          );
        }
        await this.sleep(Math.min(1000, 20 * 2 ** Math.min(attempt - 1, 6)) + Math.random() * 10);
      }
    });
  }

  private async viewAt(tip: string | null, runId: string): Promise<TipView> {
    const none: RunPathTrees = { root: null, runs: null, year: null, month: null, day: null, folder: null };
    if (tip === null) return { tip, trees: none, audit: null, log: null, runs: 0 };
    const last = this.lastWritten;
    if (last !== null && last.view.tip === tip && last.runId === runId) return last.view;
    if (this.partial) return this.walkRun(tip, runId, false);
    const [year, month, day] = runDate(runId);
    const folder = runFolder(runId);
    const objects = await this.reader.readMany([
      tip,
      `${tip}^{tree}`,
      `${tip}:${RUNS_DIR}`,
      `${tip}:${RUNS_DIR}/${year}`,
      `${tip}:${RUNS_DIR}/${year}/${month}`,
      `${tip}:${RUNS_DIR}/${year}/${month}/${day}`,
      `${tip}:${folder}`,
      `${tip}:${folder}/${AUDIT_FILE}`,
      `${tip}:${folder}/${LOG_FILE}`,
    ]);
    const [commit, root, runs, yearTree, monthTree, dayTree, folderTree, audit, log] = objects;
    if (root === null || root === undefined) throw new Error(`branch ${this.branch} points at ${tip}, which is not a commit in ${this.repoDir}; run git fsck`);
    const { hashBytes } = await this.repoInfo();
    const entries = (object: GitObject | null | undefined): TreeEntry[] | null =>
      object?.type === 'tree' ? parseTree(object.content, hashBytes) : null;
    return {
      tip,
      trees: {
        root: entries(root),
        runs: entries(runs),
        year: entries(yearTree),
        month: entries(monthTree),
        day: entries(dayTree),
        folder: entries(folderTree),
      },
      audit: audit?.type === 'blob' ? audit : null,
      log: log?.type === 'blob' ? log : null,
      runs: commit?.type === 'commit' ? runsTrailer(commit.content) : null,
    };
  }

  /** Write the run's new files, the trees up to the root and the commit, all through git. */
  private async build(runId: string, view: TipView, write: RunWrite): Promise<{ commit: string; version: string; view: TipView }> {
    const writer = await this.objectWriter();
    const currentAudit = view.parsedAudit ?? (view.audit === null ? null : parseAuditFile(view.audit.content.toString('utf8'), `${this.description}:${auditPath(runId)}`));
    const texts = applyWrite(runId, currentAudit, view.log === null ? null : view.log.content.toString('utf8'), write);
    const auditContent = Buffer.from(texts.audit, 'utf8');
    const logContent = texts.log === null || texts.log === view.log?.content.toString('utf8') ? null : Buffer.from(texts.log, 'utf8');
    const [stateOid, auditOid, logOid] = await Promise.all([
      writer.writeBlob(texts.state),
      writer.writeBlob(auditContent),
      logContent === null ? Promise.resolve(null) : writer.writeBlob(logContent),
    ]);
    const fileChanges: TreeEntry[] = [
      { mode: BLOB_MODE, name: STATE_FILE, oid: stateOid },
      { mode: BLOB_MODE, name: AUDIT_FILE, oid: auditOid },
    ];
    if (logOid !== null) fileChanges.push({ mode: BLOB_MODE, name: LOG_FILE, oid: logOid });
    const [year, month, day] = runDate(runId);
    const t = view.trees;
    const next: RunPathTrees = { root: null, runs: null, year: null, month: null, day: null, folder: null };
    const level = async (current: TreeEntry[] | null, change: TreeEntry, key: keyof RunPathTrees): Promise<string> => {
      const entries = withEntries(current ?? [], [change]);
      next[key] = entries;
      return writer.writeTree(entries);
    };
    next.folder = withEntries(t.folder ?? [], fileChanges);
    const folderOid = await writer.writeTree(next.folder);
    const dayOid = await level(t.day, { mode: TREE_MODE, name: runId, oid: folderOid }, 'day');
    const monthOid = await level(t.month, { mode: TREE_MODE, name: day, oid: dayOid }, 'month');
    const yearOid = await level(t.year, { mode: TREE_MODE, name: month, oid: monthOid }, 'year');
    const runsOid = await level(t.runs, { mode: TREE_MODE, name: year, oid: yearOid }, 'runs');
    const rootOid = await level(t.root, { mode: TREE_MODE, name: RUNS_DIR, oid: runsOid }, 'root');
    const runs = await this.runsAfter(view);
    // One line: text from a comment (a rejection reason) can never add lines, such as a forged Sop-Runs trailer.
    const subject = `sop(${runId}): ${write.message.replace(/\s+/g, ' ').trim()}`;
    const message = runs === null ? subject : `${subject}\n\n${RUNS_TRAILER}: ${runs}`;
    const commit = await writer.writeCommit(commitText(rootOid, view.tip, this.identity, message, this.now()));
    return {
      commit,
      version: auditOid,
      // The view at `commit`, used again only while the branch still points there.
      view: {
        tip: commit,
        trees: next,
        audit: { oid: auditOid, type: 'blob', content: auditContent },
        log: logContent === null || logOid === null ? view.log : { oid: logOid, type: 'blob', content: logContent },
        parsedAudit: texts.auditFile,
        runs,
      },
    };
  }

  /**
   * How many runs the branch holds after a commit on `view` (its Sop-Runs trailer): the parent's
   * count, plus one for a new run. A parent without the trailer (a commit made by hand) is counted
   * once from its tree; a partial store, which does not have that tree, leaves the count out.
   */
  private async runsAfter(view: TipView): Promise<number | null> {
    const added = view.trees.folder === null ? 1 : 0;
    // A partial store that fetched the branch whole (its count said small) counts for real, so a
    // wrong count is corrected by the next commit instead of being carried on.
    const whole = this.partial && this.completeTip === view.tip;
    if (view.runs !== null && !whole) return view.runs + added;
    if (this.partial && !whole) return null;
    return (await this.runFolders(view.tip)).length + added;
  }

  private async push(commit: string): Promise<'pushed' | { message: string }> {
    const remote = this.remote as string;
    const result = await runGit(this.repoDir, ['push', '--porcelain', '--no-verify', remote, `${commit}:${this.ref}`]);
    if (result.code === 0) return 'pushed';
    const rejected = result.stdout.split('\n').find((line) => line.startsWith('!'));
    if (rejected !== undefined && /rejected/.test(rejected)) return { message: rejected.split('\t').slice(2).join(' ') || rejected };
    throw new Error(`git push to ${remote} failed: ${(result.stderr || result.stdout).trim()}; check the remote's URL and credentials (in Actions: the github-token needs contents: write)`);
  }

  /**
   * Fetch the remote branch's tip only (depth 1: a compare-and-swap needs nothing older) into
   * refs/remotes/<remote>/<branch>; null when the remote has no such branch.
   */
  private async fetchRemoteTip(): Promise<string | null> {
    const remote = this.remote as string;
    const tracking = `refs/remotes/${remote}/${this.branch}`;
    const args = ['fetch', '--depth=1', '--no-tags', '--quiet', '--no-write-fetch-head'];
    const refspec = [remote, `+${this.ref}:${tracking}`];
    let result: GitResult;
    if (!this.partial) result = await runGit(this.repoDir, [...args, ...refspec]);
    else {
      result = await this.fetchFiltered(args, this.tipFilter, refspec);
      // A server that refuses a filter (e.g. one that allows tree:0 but no deeper tree filter) gets the next one.
      while (result.code !== 0 && this.tipFilter !== null && /filter/i.test(result.stderr)) {
        this.tipFilter = TIP_FILTERS[TIP_FILTERS.indexOf(this.tipFilter) + 1] ?? null;
        result = await this.fetchFiltered(args, this.tipFilter, refspec);
      }
    }
    if (result.code !== 0) {
      if (/couldn't find remote ref/i.test(result.stderr)) return null;
      throw new Error(`git fetch ${remote} ${this.branch} failed: ${result.stderr.trim()}; check the remote's URL and credentials`);
    }
    const tip = await this.reader.read(`${tracking}^{commit}`);
    return tip?.oid ?? null;
  }

  /**
   * Partial store: `git <fetchArgs> --filter=<filter> <rest>` (`--no-filter` for null). The remote is
   * first recorded as a promisor (`remote.<name>.promisor=true`): git may then hold its objects in
   * part, and fetches a missing one itself when a command needs it (a user's `git log --all` in a
   * later step). Such a fetch, and a plain `git fetch --filter`, would record its filter as the
   * remote's default, and every later fetch in the job (a pinned commit, a user's step) would come
   * without files. So a checkout without a default gets `blob:limit=1g`, which omits nothing
   * GitHub stores (it refuses files over 100 MiB), and our filters are named per fetch (`-c`).
   */
  private async fetchFiltered(fetchArgs: string[], filter: TipFilter, rest: string[], input?: string): Promise<GitResult> {
    const remote = this.remote as string;
    if (!this.promisorRegistered) {
      const key = `remote.${remote}`;
      const current = await runGit(this.repoDir, ['config', '--get-regexp', `^${key.replace(/[.]/g, '\\.')}\\.(promisor|partialclonefilter)$`]);
      const has = (name: string): boolean => current.stdout.toLowerCase().split('\n').some((line) => line.startsWith(`${key}.${name}`.toLowerCase()));
      for (const [name, value] of [['partialclonefilter', 'blob:limit=1g'], ['promisor', 'true']] as const) {
        if (has(name)) continue;
        const set = await runGit(this.repoDir, ['config', `${key}.${name}`, value]);
        if (set.code !== 0) throw new Error(`git config ${key}.${name} ${value} failed in ${this.repoDir}: ${set.stderr.trim()}`);
      }
      this.promisorRegistered = true;
    }
    const config = filter === null ? [] : ['-c', `remote.${remote}.partialclonefilter=${filter}`];
    return runGit(this.repoDir, [...config, ...fetchArgs, '--no-auto-maintenance', filter === null ? '--no-filter' : `--filter=${filter}`, ...rest], input);
  }

  /**
   * Partial store: the objects named, fetched in one request first (git skips the request when it
   * has them all). `object` fetches just them (trees on a run's path); `subtree` everything under
   * them too (a run's folder with its files). Reading first and fetching what is missing would not
   * do: in a partial clone, reading a missing object makes git fetch it by itself, with its subtree.
   */
  private async present(oids: string[], scope: 'object' | 'subtree'): Promise<GitObject[]> {
    if (oids.length === 0) return [];
    const remote = this.remote as string;
    // No negotiation: the server must not leave out what it thinks we have because we hold the tip commit.
    const fetch = ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--no-tags', '--quiet', '--no-write-fetch-head', '--recurse-submodules=no', '--stdin'];
    const filter = scope === 'subtree' || this.tipFilter === null ? null : 'tree:0';
    const result = await this.fetchFiltered(fetch, filter, [remote], `${oids.join('\n')}\n`);
    if (result.code !== 0) {
      throw new Error(`git fetch of ${oids.length} object(s) of branch ${this.branch} from ${remote} failed: ${result.stderr.trim()}; check the remote's URL and credentials`);
    }
    const objects = await this.reader.readMany(oids);
    return objects.map((object, i) => {
      if (object === null) throw new Error(`object ${oids[i] ?? '?'} of branch ${this.branch} is missing after fetching it from ${remote}; run git fsck`);
      return object;
    });
  }


  /**
   * Objects of `tip` by oid; a partial store fetches them first, unless the whole tip is here (the
   * server sent everything, or the branch was small enough to fetch whole).
   */
  private async readObjects(oids: string[], scope: 'object' | 'subtree', tip: string): Promise<(GitObject | null)[]> {
    if (this.partial && this.tipFilter !== null && this.completeTip !== tip) return this.present(oids, scope);
    const objects = await this.reader.readMany(oids);
    // A tree names these objects: missing means not fetched (or a damaged repository), never absent.
    if (this.partial && objects.includes(null)) return this.present(oids, scope);
    if (objects.includes(null)) {
      throw new Error(`object ${oids[objects.indexOf(null)] ?? '?'} of branch ${this.branch} is missing from ${this.repoDir}; run git fsck (or fetch the branch again)`);
    }
    return objects;
  }

  /** The `runs` tree at `tip`, or null. */
  private async runsTree(tip: string): Promise<GitObject | null> {
    if (!this.partial) return this.reader.read(`${tip}:${RUNS_DIR}`);
    const { hashBytes } = await this.repoInfo();
    const { tree } = await this.prepareTip(tip);
    const [root] = await this.readObjects([tree], 'object', tip);
    const runs = root?.type === 'tree' ? parseTree(root.content, hashBytes).find((entry) => entry.name === RUNS_DIR) : undefined;
    return runs === undefined ? null : ((await this.readObjects([runs.oid], 'object', tip))[0] ?? null);
  }

  /**
   * Partial store, before reading at `tip`: its root tree and run count; a small branch (by the
   * count its commit gives) is fetched whole at once, so nothing below needs a fetch of its own.
   */
  private async prepareTip(tip: string): Promise<{ tree: string; runs: number | null }> {
    const object = await this.reader.read(tip);
    const tree = object?.type === 'commit' ? /^tree ([0-9a-f]+)$/m.exec(object.content.toString('latin1'))?.[1] : undefined;
    if (object === null || tree === undefined) throw new Error(`branch ${this.branch} points at ${tip}, which is not a commit in ${this.repoDir}; run git fsck`);
    const runs = runsTrailer(object.content);
    if (this.partial && this.tipFilter !== null && this.completeTip !== tip && runs !== null && runs <= this.wholeBranchRuns) {
      // --refetch: git would otherwise skip the request, having the tip (and maybe its root tree) already.
      const fetch = ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--refetch', '--depth=1', '--no-tags', '--quiet', '--no-write-fetch-head', '--recurse-submodules=no', '--stdin'];
      const result = await this.fetchFiltered(fetch, null, [this.remote as string], `${tip}\n`);
      if (result.code !== 0) throw new Error(`git fetch of branch ${this.branch} from ${this.remote as string} failed: ${result.stderr.trim()}`);
      this.completeTip = tip;
    }
    return { tree, runs };
  }

  /**
   * Partial store: what viewAt reads, found level by level from the tip commit down to the run's
   * folder, each level fetched if it is not here yet. An entry is absent only when its parent tree
   * says so, never because its object was not fetched.
   */
  private async walkRun(tip: string, runId: string, withState: boolean): Promise<TipView> {
    const { hashBytes } = await this.repoInfo();
    const [year, month, day] = runDate(runId);
    const levels: [keyof RunPathTrees, string | null][] = [
      ['root', RUNS_DIR],
      ['runs', year],
      ['year', month],
      ['month', day],
      ['day', runId],
      ['folder', null],
    ];
    const trees: RunPathTrees = { root: null, runs: null, year: null, month: null, day: null, folder: null };
    const prepared = await this.prepareTip(tip);
    let oid: string | undefined = prepared.tree;
    for (const [key, child] of levels) {
      if (oid === undefined) break;
      // The run's folder comes with its files in the same request.
      const [object] = await this.readObjects([oid], key === 'folder' ? 'subtree' : 'object', tip);
      if (object?.type !== 'tree') break;
      const entries = parseTree(object.content, hashBytes);
      trees[key] = entries;
      // Only a folder entry leads on (a file or submodule entry of that name is not the run's folder).
      oid = child === null ? undefined : entries.find((entry) => entry.name === child && entry.mode === TREE_MODE)?.oid;
    }
    const file = (name: string): string | undefined => trees.folder?.find((entry) => entry.name === name && entry.mode === BLOB_MODE)?.oid;
    const names = [AUDIT_FILE, LOG_FILE, ...(withState ? [STATE_FILE] : [])];
    const oids = names.map(file);
    // The files came with the folder.
    const objects = (await this.reader.readMany(oids.filter((o): o is string => o !== undefined))).filter((o): o is GitObject => o !== null);
    const blobs = new Map(objects.map((object) => [object.oid, object]));
    const blobOf = (i: number): GitObject | null => {
      const object = oids[i] === undefined ? undefined : blobs.get(oids[i]);
      return object?.type === 'blob' ? object : null;
    };
    return { tip, trees, audit: blobOf(0), log: blobOf(1), runs: prepared.runs, ...(withState ? { state: blobOf(2) } : {}) };
  }

  /** Move the local branch to the remote's tip, unless another writer moved it since `from`. */
  private async setLocalTip(oid: string, from: string | null): Promise<void> {
    await this.assertNotCheckedOut();
    const update = await compareAndSwapRef(this.repoDir, this.ref, oid, from, 'sop-engine: sync with remote', () => this.readTip());
    if (update.status === 'locked') throw new Error(`cannot move branch ${this.branch} to the remote's tip: ${update.lockFile} is held by another git process; retry`);
  }

  /** Undo a local commit the remote refused, unless another writer already built on it. */
  private async rollback(commit: string, parent: string | null): Promise<void> {
    const args = parent === null ? ['update-ref', '-d', this.ref, commit] : ['update-ref', this.ref, parent, commit];
    await runGit(this.repoDir, args);
  }

  private async repoInfo(): Promise<RepoInfo> {
    this.info ??= (async () => {
      const result = await runGit(this.repoDir, ['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-object-format']);
      if (result.code !== 0) {
        throw new Error(`${this.repoDir} is not inside a git repository (${result.stderr.trim()}); run git init there, or use --state dir:<path>`);
      }
      const [commonDir, format] = result.stdout.split('\n');
      return { commonDir: commonDir ?? '', hashBytes: oidBytes(format ?? '') };
    })();
    try {
      return await this.info;
    } catch (error) {
      this.info = null;
      throw error;
    }
  }

  private async objectWriter(): Promise<GitObjectWriter> {
    if (this.writer === null) {
      await this.assertNotCheckedOut();
      this.writer = new GitObjectWriter(this.repoDir);
    }
    return this.writer;
  }

  /** Moving a checked-out branch would change the user's working tree under them. */
  private async assertNotCheckedOut(): Promise<void> {
    const head = await runGit(this.repoDir, ['symbolic-ref', '--quiet', 'HEAD']);
    if (head.code === 0 && head.stdout.trim() === this.ref) {
      throw new Error(`the state branch ${this.branch} is checked out in ${this.repoDir}; switch to another branch (git switch -) or choose another state branch`);
    }
  }

  /** The branch tip, resolved by git (loose, packed or reftable refs alike) in the reader process. */
  private async readTip(): Promise<string | null> {
    const tip = await this.reader.read(`${this.ref}^{commit}`);
    return tip?.oid ?? null;
  }
}

/**
 * The Sop-Runs trailer of a commit object, or null: the message must be exactly a one-line
 * subject, a blank line and the trailer, as this store writes it.
 */
function runsTrailer(commit: Buffer): number | null {
  const text = commit.toString('utf8');
  const message = text.slice(text.indexOf('\n\n') + 2).replace(/\n$/, '').split('\n');
  if (message.length !== 3 || message[1] !== '') return null;
  const match = RUNS_TRAILER_LINE.exec(message[2] ?? '');
  return match === null ? null : Number(match[1]);
}

function commitText(tree: string, parent: string | null, who: Identity, message: string, nowMs: number): string {
  const stamp = `${who.name} <${who.email}> ${Math.floor(nowMs / 1000)} +0000`;
  const body = message.replace(/\r/g, '').trimEnd();
  return `tree ${tree}\n${parent === null ? '' : `parent ${parent}\n`}author ${stamp}\ncommitter ${stamp}\n\n${body}\n`;
}

function clean(value: string | undefined): string | undefined {
  const cleaned = value?.replace(/[<>\n\r]/g, '').trim();
  return cleaned === undefined || cleaned === '' ? undefined : cleaned;
}
