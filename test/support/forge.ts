// What an attacker with push access can do to a stored run: re-hash an edited audit chain, hash a forged state.
import { hashEvent } from '../../src/audit/chain.js';
import { GENESIS_HASH } from '../../src/audit/chain.js';
import { stateSha256 } from '../../src/audit/state-hash.js';
import type { AuditEvent, AuditFile, RunState } from '../../src/engine/types.js';

/**
 * Recompute seq, prev and hash of every event (keeping each event's other fields, state_sha256
 * included), so an edited record passes the chain check on its own.
 */
export function rechain(audit: AuditFile): AuditFile {
  let prev = GENESIS_HASH;
  const events = audit.events.map((event, i) => {
    const { hash: _old, ...rest } = event;
    const unhashed = { ...rest, seq: i + 1, prev };
    const next: AuditEvent = { ...unhashed, hash: hashEvent(unhashed) };
    prev = next.hash;
    return next;
  });
  return { ...audit, events };
}

/** The chain re-hashed after pointing its last event's state_sha256 at `state`: a complete forgery. */
export function forgeCoveringState(audit: AuditFile, state: RunState): AuditFile {
  const events = audit.events.map((event, i) => (i === audit.events.length - 1 ? { ...event, state_sha256: stateSha256(state) } : event));
  return rechain({ ...audit, events });
}
