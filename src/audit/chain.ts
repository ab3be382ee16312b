// The audit hash chain: append events to a run's audit file and verify that nothing was edited, removed or reordered.
import { createHash } from 'node:crypto';
import type { AuditEntryInput, AuditEvent, AuditFile } from './format.js';
import { canonicalJson } from './canonical-json.js';

/** `prev` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainCheck = { ok: true; count: number } | { ok: false; seq: number; problem: string };

/** The hash an event must carry: sha256 of the canonical JSON of the event without its `hash` key. */
export function hashEvent(event: Omit<AuditEvent, 'hash'> | AuditEvent): string {
  const { hash: _ignored, ...unhashed } = event as AuditEvent;
  return createHash('sha256').update(canonicalJson(unhashed), 'utf8').digest('hex');
}

/**
 * A new audit file with `inputs` chained after the events of `file` (which is not modified). With
 * `stateSha256`, the last new event carries it as `state_sha256` (hashed with the event).
 */
export function appendEvents(file: AuditFile | null, runId: string, inputs: AuditEntryInput[], stateSha256?: string): AuditFile {
  if (file !== null && file.run_id !== runId) {
    throw new Error(`audit file belongs to run ${file.run_id}, not ${runId}; events of one run cannot be appended to another`);
  }
  const events: AuditEvent[] = file === null ? [] : [...file.events];
  let last = events[events.length - 1];
  for (const [i, input] of inputs.entries()) {
    const unhashed: Omit<AuditEvent, 'hash'> = {
      seq: last === undefined ? 1 : last.seq + 1,
      ts: input.ts,
      type: input.type,
      actor: input.actor,
      step: input.step,
      details: input.details,
      prev: last === undefined ? GENESIS_HASH : last.hash,
      ...(stateSha256 !== undefined && i === inputs.length - 1 ? { state_sha256: stateSha256 } : {}),
    };
    const event: AuditEvent = { ...unhashed, hash: hashEvent(unhashed) };
    events.push(event);
    last = event;
  }
  return { run_id: runId, events };
}

/**
 * Recompute the chain and name the first event that does not match. Checks, per event in file
 * order: its seq is the next number, its prev is the previous event's hash, and its hash matches
 * its content. A removed event shows as a seq gap; swapped events as an out-of-order seq.
 */
export function verifyChain(file: AuditFile, expectedRunId?: string): ChainCheck {
  const runId = expectedRunId ?? file.run_id;
  if (file.run_id !== runId) {
    return { ok: false, seq: 0, problem: `the audit file says run_id ${JSON.stringify(file.run_id)}, but it is the record of run ${runId}` };
  }
  let previous: AuditEvent | undefined;
  for (const [index, event] of file.events.entries()) {
    const expectedSeq = previous === undefined ? 1 : previous.seq + 1;
    const label = `event ${event.seq} (${event.type})`;
    if (event.seq !== expectedSeq) {
      const later = file.events.slice(index + 1).find((e) => e.seq === expectedSeq);
      if (later !== undefined) {
        return { ok: false, seq: expectedSeq, problem: `events are out of order: ${label} comes before event ${expectedSeq} (${later.type})` };
      }
      if (typeof event.seq === 'number' && event.seq > expectedSeq) {
        const missing = expectedSeq === event.seq - 1 ? `event ${expectedSeq} is missing` : `events ${expectedSeq}-${event.seq - 1} are missing`;
        return { ok: false, seq: expectedSeq, problem: `${missing}: the next event in the file is ${label}` };
      }
      return { ok: false, seq: expectedSeq, problem: `events are out of order: expected event ${expectedSeq}, found ${label} after event ${previous?.seq ?? 0}` };
    }
    const expectedPrev = previous === undefined ? GENESIS_HASH : previous.hash;
    if (event.prev !== expectedPrev) {
      const what = previous === undefined ? 'the genesis value (64 zeros)' : `event ${previous.seq}'s hash`;
      return { ok: false, seq: event.seq, problem: `${label}'s prev does not match ${what}` };
    }
    if (hashEvent(event) !== event.hash) {
      return { ok: false, seq: event.seq, problem: `${label} was edited: its hash does not match its content` };
    }
    previous = event;
  }
  return { ok: true, count: file.events.length };
}
