// Read-decide-write against a store: verify what was read, decide, write with compare-and-swap, re-decide on conflict.
import { snapshotProblem } from '../audit/state-hash.js';
import { UserError } from '../errors.js';
import { auditAfter } from './run-files.js';
import type { RunSnapshot, RunWrite, StateStore } from './types.js';

export interface TransactDecision<T> {
  /** What to write, or null to write nothing. */
  write: RunWrite | null;
  result: T;
}

export interface TransactOptions {
  /** Default 100. */
  maxAttempts?: number;
  /**
   * The run as this caller last wrote or read it: the first attempt decides on it instead of
   * reading the store again. Safe because the write is still compare-and-swapped against its
   * version; if anyone changed the run since, the put conflicts and the fresh state is read.
   */
  known?: RunSnapshot;
}

/**
 * Read the run, let `fn` decide, and write the decision only on top of the state it was made
 * from. On a conflict `fn` is called again with the fresh snapshot, so a decision is never
 * applied to a state it did not see (two runners cannot both claim the same step).
 */
export async function transact<T>(
  store: StateStore,
  runId: string,
  fn: (snapshot: RunSnapshot | null) => TransactDecision<T> | Promise<TransactDecision<T>>,
  opts: TransactOptions = {},
): Promise<{ result: T; snapshot: RunSnapshot | null }> {
  const maxAttempts = opts.maxAttempts ?? 100;
  let known = opts.known;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const fromKnown = known !== undefined;
    // A snapshot this process wrote itself needs no check; one read from the store does.
    const snapshot = known ?? verified(runId, await store.get(runId));
    known = undefined;
    let decision: TransactDecision<T>;
    try {
      decision = await fn(snapshot);
    } catch (error) {
      // A refusal is only final when it was decided on the stored state: retry on a fresh read.
      if (!fromKnown) throw error;
      attempt--;
      continue;
    }
    const { write, result } = decision;
    if (write === null) {
      // "Nothing to do" is only reported against the stored state, never against a possibly stale hint.
      if (fromKnown) {
        attempt--;
        continue;
      }
      return { result, snapshot };
    }
    const put = await store.put(runId, snapshot?.version ?? null, write);
    if (put.ok) {
      return {
        result,
        snapshot: { state: write.state, audit: auditAfter(runId, snapshot?.audit ?? null, write), version: put.version },
      };
    }
    // Someone changed the run since the hint was taken: read it afresh at once, no back-off needed.
    if (fromKnown) {
      attempt--;
      continue;
    }
    // Another writer changed this run first: back off a little (jittered, so racers spread out) and re-decide.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** Math.min(attempt, 6))));
  }
  throw new Error(
    `run ${runId} in ${store.description} kept changing under us: gave up after ${maxAttempts} attempts; another process is writing to it continuously, retry when it is idle`,
  );
}

/**
 * Nothing on the state branch is trusted on its own (SPEC 4): a run whose chain is broken or
 * whose state.json is not the one its last audit event hashed was changed outside sop-engine,
 * and no decision is taken on it.
 */
export function verified(runId: string, snapshot: RunSnapshot | null): RunSnapshot | null {
  if (snapshot === null) return null;
  const problem = snapshotProblem(snapshot.audit, snapshot.state, runId);
  if (problem === null) return snapshot;
  throw new UserError(
    `run ${runId} fails verification (${problem}): it was changed outside sop-engine; run \`sop verify ${runId}\` for details. Nothing was done.`,
  );
}

/** Read a run for a decision outside transact (e.g. who may approve): verified the same way. */
export async function getVerified(store: StateStore, runId: string): Promise<RunSnapshot | null> {
  return verified(runId, await store.get(runId));
}
