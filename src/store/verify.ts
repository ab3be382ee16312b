// `sop verify` for one run: the audit hash chain, the state/audit agreement, and (git) that history only ever appended.
import { verifyChain } from '../audit/chain.js';
import type { AuditFile } from '../engine/types.js';
import type { StateStore } from './types.js';

export type VerifyResult = { ok: true; events: number } | { ok: false; message: string };

/** A store that can show how a run's audit record looked after each commit (the git store can). */
interface AuditHistorySource {
  auditHistory(runId: string): Promise<{ commit: string; audit: AuditFile | null }[]>;
}

function hasAuditHistory(store: StateStore): store is StateStore & AuditHistorySource {
  return typeof (store as Partial<AuditHistorySource>).auditHistory === 'function';
}

export async function verifyRun(store: StateStore, runId: string): Promise<VerifyResult> {
  const snapshot = await store.get(runId).catch((error: unknown) => {
    return { error: String((error as Error)?.message ?? error) };
  });
  if (snapshot === null) return { ok: false, message: `run ${runId}: not found in ${store.description}` };
  if ('error' in snapshot) return { ok: false, message: `run ${runId}: ${snapshot.error}` };
  if (snapshot.state.run_id !== runId) {
    return { ok: false, message: `run ${runId}: sop-state/${runId}.json says run_id ${JSON.stringify(snapshot.state.run_id)}` };
  }
  const chain = verifyChain(snapshot.audit, runId);
  if (!chain.ok) return { ok: false, message: `run ${runId}: ${chain.problem}` };
  if (hasAuditHistory(store)) {
    const problem = checkAppendOnly(await store.auditHistory(runId), snapshot.audit);
    if (problem !== null) return { ok: false, message: `run ${runId}: ${problem}` };
  }
  return { ok: true, events: chain.count };
}

/**
 * Every commit that touched the run must keep all earlier events unchanged and append at least
 * one, so every event is in exactly one commit. Returns the first violation, or null.
 */
export function checkAppendOnly(history: { commit: string; audit: AuditFile | null }[], current: AuditFile): string | null {
  let before: AuditFile | null = null;
  for (const { commit, audit } of history) {
    const short = commit.slice(0, 12);
    if (audit === null) return `commit ${short} deleted the audit record`;
    const prior = before?.events ?? [];
    if (audit.events.length <= prior.length) {
      return `commit ${short} appended no audit event (every transition must be audited)`;
    }
    for (const [i, event] of prior.entries()) {
      if (audit.events[i]?.hash !== event.hash) {
        return `commit ${short} rewrote event ${event.seq} (${event.type}), which an earlier commit had recorded`;
      }
    }
    before = audit;
  }
  if (before !== null && before.events.length !== current.events.length) {
    return 'the audit record does not match the last commit that changed it';
  }
  return null;
}
