// Read and compare-and-swap a branch ref in a files-backend repository, using git's own lock-file protocol.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export type RefSwap = 'ok' | 'moved' | 'locked';

const OID = /^[0-9a-f]{40}$/;

/**
 * The ref's object id, from its loose file or packed-refs, or null when it does not exist.
 * Returns 'unusual' for a symbolic or malformed ref, which the caller should let git resolve.
 */
export async function readRefFile(commonDir: string, ref: string): Promise<string | null | 'unusual'> {
  try {
    const loose = (await fs.readFile(path.join(commonDir, ref), 'utf8')).trim();
    return OID.test(loose) ? loose : 'unusual';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
  }
  const packed = await fs.readFile(path.join(commonDir, 'packed-refs'), 'utf8').catch(() => '');
  const suffix = ` ${ref}`;
  for (const line of packed.split('\n')) {
    if (line.length === 40 + suffix.length && line.endsWith(suffix) && OID.test(line.slice(0, 40))) return line.slice(0, 40);
  }
  return null;
}

export interface RefLogEntry {
  name: string;
  email: string;
  message: string;
}

export type LockedDecision<T> = { next: string; reflog: RefLogEntry; value: T } | { next: null; value: T };

/** A ref lock older than this was left by a crashed writer (git holds one for milliseconds). */
export const STALE_REF_LOCK_MS = 60_000;

/**
 * Take `<ref>.lock` with O_EXCL (git's own protocol, so git and other writers honour it), let
 * `decide` look at the ref's current value and build what comes next, then write the new value
 * and rename the lock over the ref. Holding the lock while deciding means concurrent writers
 * wait their turn instead of building commits that would lose the race. Returns 'locked' when
 * another writer holds the lock. No process start, which keeps a put cheap.
 */
export async function updateRefUnderLock<T>(
  commonDir: string,
  ref: string,
  decide: (current: string | null) => Promise<LockedDecision<T>>,
): Promise<{ status: 'locked' } | { status: 'done'; value: T }> {
  const file = path.join(commonDir, ref);
  const lock = `${file}.lock`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await breakStaleLock(lock);
    return { status: 'locked' };
  }
  let renamed = false;
  try {
    const current = await readRefFile(commonDir, ref);
    if (current === 'unusual') throw new Error(`${file} is not a plain branch ref; fix or delete it with git`);
    const decision = await decide(current);
    if (decision.next === null) return { status: 'done', value: decision.value };
    await handle.writeFile(`${decision.next}\n`);
    await handle.close();
    await appendRefLog(commonDir, ref, current, decision.next, decision.reflog).catch(() => undefined);
    await fs.rename(lock, file);
    renamed = true;
    return { status: 'done', value: decision.value };
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await fs.rm(lock, { force: true });
    }
  }
}

async function breakStaleLock(lock: string): Promise<void> {
  const age = await fs.stat(lock).then(
    (stat) => Date.now() - stat.mtimeMs,
    () => 0,
  );
  if (age > STALE_REF_LOCK_MS) await fs.rm(lock, { force: true });
}

/** Keep `git reflog <branch>` useful for recovery, as git update-ref would. */
async function appendRefLog(commonDir: string, ref: string, old: string | null, next: string, log: RefLogEntry): Promise<void> {
  const file = path.join(commonDir, 'logs', ref);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const seconds = Math.floor(Date.now() / 1000);
  const message = log.message.replace(/\s+/g, ' ').trim();
  await fs.appendFile(file, `${old ?? '0'.repeat(40)} ${next} ${log.name} <${log.email}> ${seconds} +0000\t${message}\n`);
}
