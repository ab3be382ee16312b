// The directory state store: the branch layout (runs/<YYYY>/<MM>/<DD>/<run-id>/) in a folder, compare-and-swap under a per-run lock.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { stateMismatch } from '../audit/state-hash.js';
import type { RunState } from '../engine/state-format.js';
import { applyWrite, parseAuditFile, parseStateFile } from './run-files.js';
import * as layout from './run-layout.js';
import type { PutResult, RunSnapshot, RunWrite, StateStore } from './types.js';

export interface DirStoreOptions {
  /** How long a put waits for another writer's lock on the same run. Default 30 s. */
  lockWaitMs?: number;
}

/** Reads of many state files at once are capped so 10,000 runs do not exhaust file handles. */
const READ_CONCURRENCY = 64;

export class DirStore implements StateStore {
  readonly description: string;
  private readonly root: string;
  private readonly lockWaitMs: number;

  constructor(dir: string, options: DirStoreOptions = {}) {
    this.root = path.resolve(dir);
    this.description = `dir:${this.root}`;
    this.lockWaitMs = options.lockWaitMs ?? 30_000;
  }

  async get(runId: string): Promise<RunSnapshot | null> {
    layout.assertRunId(runId);
    const unlocked = await this.read(runId);
    // A writer replaces state.json, then audit.json: a read between the two sees a state its audit
    // does not cover yet. Only such a read is repeated, under the run's lock, so it is whole.
    if (unlocked === null || stateMismatch(unlocked.audit, unlocked.state) === null) return unlocked;
    const release = await this.lock(runId);
    try {
      return await this.read(runId);
    } finally {
      await release();
    }
  }

  private async read(runId: string): Promise<RunSnapshot | null> {
    const auditText = await readOptional(this.auditPath(runId));
    const stateText = await readOptional(this.statePath(runId));
    if (auditText === null && stateText === null) return null;
    if (auditText === null || stateText === null) {
      const missing = auditText === null ? this.auditPath(runId) : this.statePath(runId);
      throw new Error(`run ${runId} is damaged: ${missing} is missing; restore it from a backup or remove the run's files`);
    }
    return {
      state: parseStateFile(stateText, this.statePath(runId)),
      audit: parseAuditFile(auditText, this.auditPath(runId)),
      version: versionOf(auditText),
    };
  }

  async put(runId: string, expected: string | null, write: RunWrite): Promise<PutResult> {
    layout.assertRunId(runId);
    const release = await this.lock(runId);
    try {
      const auditText = await readOptional(this.auditPath(runId));
      const current = auditText === null ? null : versionOf(auditText);
      if (current !== expected) return { ok: false, reason: 'conflict' };
      const audit = auditText === null ? null : parseAuditFile(auditText, this.auditPath(runId));
      const texts = applyWrite(runId, audit, await readOptional(this.logPath(runId)), write);
      // An existing run's folder exists already (its audit file was just read); only a new run needs one.
      if (auditText === null) await fs.mkdir(path.join(this.root, layout.runFolder(runId)), { recursive: true });
      if (texts.log !== null) await replaceFile(this.logPath(runId), texts.log);
      await replaceFile(this.statePath(runId), texts.state);
      // The audit file goes last: its content is the run's version, so it is the commit point.
      await replaceFile(this.auditPath(runId), texts.audit);
      return { ok: true, version: versionOf(texts.audit) };
    } finally {
      await release();
    }
  }

  async listRunIds(): Promise<string[]> {
    const ids: string[] = [];
    const runs = path.join(this.root, layout.RUNS_DIR);
    for (const year of (await listDir(runs)).filter(layout.isYearName)) {
      for (const month of (await listDir(path.join(runs, year))).filter(layout.isMonthOrDayName)) {
        const days = (await listDir(path.join(runs, year, month))).filter(layout.isMonthOrDayName);
        const names = await Promise.all(days.map((day) => listDir(path.join(runs, year, month, day))));
        days.forEach((day, i) => ids.push(...(names[i] ?? []).filter((name) => layout.isRunFolderOf(name, year, month, day))));
      }
    }
    return ids.sort();
  }

  async listRuns(): Promise<RunState[]> {
    const ids = await this.listRunIds();
    const states: RunState[] = new Array<RunState>(ids.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < ids.length; i = next++) {
        const file = this.statePath(ids[i] as string);
        states[i] = parseStateFile(await fs.readFile(file, 'utf8'), file);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, ids.length) }, worker));
    return states;
  }

  async readLog(runId: string): Promise<string | null> {
    layout.assertRunId(runId);
    return readOptional(this.logPath(runId));
  }

  async close(): Promise<void> {
    // Nothing is held between calls.
  }

  private statePath(runId: string): string {
    return path.join(this.root, layout.statePath(runId));
  }
  private auditPath(runId: string): string {
    return path.join(this.root, layout.auditPath(runId));
  }
  private logPath(runId: string): string {
    return path.join(this.root, layout.logPath(runId));
  }

  /** mkdir is atomic: exactly one writer creates the run's lock folder. */
  private async lock(runId: string): Promise<() => Promise<void>> {
    const locks = path.join(this.root, '.locks');
    const lockDir = path.join(locks, runId);
    const deadline = Date.now() + this.lockWaitMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await fs.mkdir(lockDir);
        // The lock folder is always empty: one rmdir releases it.
        return () => fs.rmdir(lockDir).catch(() => fs.rm(lockDir, { recursive: true, force: true }));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // The first put of a store creates the lock parent; later ones skip that syscall.
        if (code === 'ENOENT') {
          await fs.mkdir(locks, { recursive: true });
          continue;
        }
        if (code !== 'EEXIST') throw error;
      }
      if (Date.now() > deadline) {
        // Never broken by us: a writer that is slow, not dead, would lose its update.
        throw new Error(`run ${runId} stayed locked for ${this.lockWaitMs / 1000} s by another sop process (lock folder ${lockDir}); nothing was written. If no sop process is running, remove that folder and retry`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(25, 1 + attempt)));
    }
  }
}

/** Entry names of a folder; none when it does not exist. */
async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}

function versionOf(auditText: string): string {
  return createHash('sha256').update(auditText, 'utf8').digest('hex');
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Write beside the target and rename over it: a crash never leaves a half-written file. */
async function replaceFile(file: string, content: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.writeFile(tmp, content, 'utf8');
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}
