// `state_sha256`: the hash that ties a stored state.json to the audit event of the commit that wrote it (SPEC 4).
import { createHash } from 'node:crypto';
import type { AuditFile } from './format.js';
import type { RunState } from '../engine/state-format.js';
import { canonicalJson } from './canonical-json.js';
import { verifyChain } from './chain.js';

/** sha256 (lowercase hex) of the canonical JSON of a run state. */
export function stateSha256(state: RunState): string {
  return createHash('sha256').update(canonicalJson(state), 'utf8').digest('hex');
}

/**
 * Why the state does not match the audit record's last event, or null when it does: the last
 * event must carry `state_sha256` equal to the state's hash. `hash` saves re-hashing a state
 * the caller has hashed already.
 */
export function stateMismatch(audit: AuditFile, state: RunState, hash = stateSha256(state)): string | null {
  const last = audit.events[audit.events.length - 1];
  if (last === undefined) return 'the audit record has no events';
  const label = `event ${last.seq} (${last.type})`;
  if (typeof last.state_sha256 !== 'string') return `state.json is not covered by the audit record: the last event, ${label}, carries no state_sha256`;
  if (last.state_sha256 !== hash) return `state.json was changed without an audit event: it does not match state_sha256 of ${label}`;
  return null;
}

/** What is wrong with a stored run (chain first, then the state), or null when it verifies. */
export function snapshotProblem(audit: AuditFile, state: RunState, runId: string): string | null {
  const chain = verifyChain(audit, runId);
  if (!chain.ok) return chain.problem;
  if (state.run_id !== runId) return `state.json says run_id ${JSON.stringify(state.run_id)}`;
  return stateMismatch(audit, state);
}
