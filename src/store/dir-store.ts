// The directory state store: the same three files per run in a folder, compare-and-swap under a per-run lock.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunState } from '../engine/types.js';
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

export interface DirStoreOptions {
  /** A lock older than this is taken to be left by a crashed process and broken. Default 60 s. */
  staleLockMs?: number;
  /** How long a put waits for another writer's lock on the same run. Default 30 s. */
  lockWaitMs?: number;
}

/** Reads of many state files at once are capped so 10,000 runs do not exhaust file handles. */
const READ_CONCURRENCY = 64;

export class DirStore implements StateStore {
  readonly description: string;
  private readonly root: string;
  private readonly staleLockMs: number;
  private readonly lockWaitMs: number;

  constructor(dir: string, options: DirStoreOptions = {}) {
    this.root = path.resolve(dir);
    this.description = `dir:${this.root}`;
    this.staleLockMs = options.staleLockMs ?? 60_000;
    this.lockWaitMs = options.lockWaitMs ?? 30_000;
  }

  async get(runId: string): Promise<RunSnapshot | null> {
    assertRunId(runId);
    // Audit before state: a writer replaces state first and audit last, so the state read here is
    // never older than the version; if it is newer, the version is stale and a put will conflict.
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
    assertRunId(runId);
    const release = await this.lock(runId);
    try {
      const auditText = await readOptional(this.auditPath(runId));
      const current = auditText === null ? null : versionOf(auditText);
      if (current !== expected) return { ok: false, reason: 'conflict' };
      const audit = auditText === null ? null : parseAuditFile(auditText, this.auditPath(runId));
      const texts = applyWrite(runId, audit, await readOptional(this.logPath(runId)), write);
      // An existing run's folders exist already (its audit file was just read); only a new run may need them.
      if (auditText === null) {
        await fs.mkdir(path.join(this.root, STATE_DIR), { recursive: true });
        await fs.mkdir(path.join(this.root, AUDIT_DIR), { recursive: true });
      }
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
    let names: string[];
    try {
      names = await fs.readdir(path.join(this.root, STATE_DIR));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .map((name) => runIdOfStateFile(name))
      .filter((id): id is string => id !== null)
      .sort();
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
    assertRunId(runId);
    return readOptional(this.logPath(runId));
  }

  async close(): Promise<void> {
    // Nothing is held between calls.
  }

  private statePath(runId: string): string {
    return path.join(this.root, STATE_DIR, stateFileName(runId));
  }
  private auditPath(runId: string): string {
    return path.join(this.root, AUDIT_DIR, auditFileName(runId));
  }
  private logPath(runId: string): string {
    return path.join(this.root, AUDIT_DIR, logFileName(runId));
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
      const age = await fs
        .stat(lockDir)
        .then((s) => Date.now() - s.mtimeMs)
        .catch(() => 0);
      if (age > this.staleLockMs) {
        // Rename first so two writers breaking the same stale lock cannot remove a fresh one.
        const doomed = `${lockDir}.stale-${randomBytes(4).toString('hex')}`;
        await fs.rename(lockDir, doomed).then(
          () => fs.rm(doomed, { recursive: true, force: true }),
          () => undefined,
        );
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`run ${runId} is locked by another sop process (${lockDir}); if none is running, remove that folder and retry`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(25, 1 + attempt)));
    }
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
