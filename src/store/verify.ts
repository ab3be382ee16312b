// `sop verify` for one run: the audit chain, state.json against state_sha256, and (git) who wrote each commit and that history only appended.
import { verifyChain } from '../audit/chain.js';
import { stateMismatch, stateSha256 } from '../audit/state-hash.js';
import type { AuditFile } from '../audit/format.js';
import type { RunCommit } from './git-store.js';
import { runFolder } from './run-layout.js';
import type { StateStore } from './types.js';

export type VerifyResult = { ok: true; events: number } | { ok: false; message: string; problems: string[] };

/** A store that can show each commit that changed a run's folder (the git store can). */
interface RunHistorySource {
  runHistory(runId: string): Promise<RunCommit[]>;
}

function hasRunHistory(store: StateStore): store is StateStore & RunHistorySource {
  return typeof (store as Partial<RunHistorySource>).runHistory === 'function';
}

function failed(runId: string, problems: string[]): VerifyResult {
  return { ok: false, message: `run ${runId}: ${problems.join('; ')}`, problems };
}

export async function verifyRun(store: StateStore, runId: string): Promise<VerifyResult> {
  const snapshot = await store.get(runId).catch((error: unknown) => {
    return { error: String((error as Error)?.message ?? error) };
  });
  if (snapshot === null) return failed(runId, [`not found in ${store.description}`]);
  if ('error' in snapshot) return failed(runId, [snapshot.error]);
  if (snapshot.state.run_id !== runId) {
    return failed(runId, [`${runFolder(runId)}/state.json says run_id ${JSON.stringify(snapshot.state.run_id)}`]);
  }
  const history = hasRunHistory(store) ? historyProblems(await store.runHistory(runId), runId) : { events: [], state: [], other: [] };
  // Each problem once: a rewrite or an unaudited state edit the history names (with its commit)
  // is not repeated by the checks of the current files, which would say the same less precisely.
  const problems = [...history.other, ...history.events];
  const chain = verifyChain(snapshot.audit, runId);
  if (!chain.ok && history.events.length === 0) problems.push(chain.problem);
  if (chain.ok) {
    const state = stateMismatch(snapshot.audit, snapshot.state);
    if (state !== null && history.state.length === 0) problems.push(state);
  }
  problems.push(...history.state);
  const unique = [...new Set(problems)];
  return unique.length === 0 && chain.ok ? { ok: true, events: chain.count } : failed(runId, unique);
}

interface HistoryProblems {
  /** Events rewritten or removed by a later commit. */
  events: string[];
  /** A state.json written without the audit event that covers it. */
  state: string[];
  /** Commits that are not the run's own, deleted records. */
  other: string[];
}

/**
 * Every commit that changed the run's folder must be a `sop(<run-id>)` commit, keep all earlier
 * events byte for byte, append at least one, and store the state its last event hashed.
 */
export function historyProblems(history: RunCommit[], runId: string): HistoryProblems {
  const found: HistoryProblems = { events: [], state: [], other: [] };
  let before: AuditFile | null = null;
  for (const { commit, subject, audit, state, stateChanged } of history) {
    const short = commit.slice(0, 12);
    if (!subject.startsWith(`sop(${runId}): `)) {
      found.other.push(`commit ${short} ("${subject.slice(0, 60)}") changed ${runFolder(runId)}/ but is not a sop(${runId}) commit`);
    }
    if (audit === null) {
      found.other.push(`commit ${short} deleted audit.json`);
      before = null;
      continue;
    }
    const prior = before?.events ?? [];
    for (const [i, event] of prior.entries()) {
      const now = audit.events[i];
      if (now?.hash === event.hash) continue;
      found.events.push(`event ${event.seq} (${event.type}) was ${now === undefined ? 'removed' : 'rewritten'} by commit ${short}`);
      break;
    }
    const appended = audit.events.length > prior.length;
    if (!appended && stateChanged) found.state.push(`state.json was changed without an audit event by commit ${short}`);
    else if (!appended) found.other.push(`commit ${short} changed the run's files without an audit event`);
    else if (state !== null) {
      const last = audit.events[audit.events.length - 1];
      if (last !== undefined && last.state_sha256 !== stateSha256(state)) {
        found.state.push(`commit ${short} wrote a state.json that does not match state_sha256 of its event ${last.seq} (${last.type})`);
      }
    }
    before = audit;
  }
  return found;
}
