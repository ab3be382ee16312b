// The audit hash chain: appending and the tampering verifyChain must catch, naming the first bad event.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { GENESIS_HASH, appendEvents, hashEvent, verifyChain } from '../../src/audit/chain.js';
import type { AuditEntryInput, AuditFile } from '../../src/audit/format.js';

const RUN = 'run-20261126-k3f9x2';

function input(type: string, step: number | null, details: Record<string, unknown> = {}): AuditEntryInput {
  return { ts: '2026-11-26T09:00:00Z', type, actor: 'bob', step, details };
}

function fiveEvents(): AuditFile {
  const first = appendEvents(null, RUN, [input('run_started', null), input('gate_opened', 1)]);
  return appendEvents(first, RUN, [input('approved', 1, { via: 'cli' }), input('step_started', 1), input('step_completed', 1)]);
}

describe('appendEvents', () => {
  it('numbers events from 1 and links each to the previous hash', () => {
    const file = fiveEvents();
    expect(file.run_id).toBe(RUN);
    expect(file.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(file.events[0]?.prev).toBe(GENESIS_HASH);
    for (let i = 1; i < 5; i++) expect(file.events[i]?.prev).toBe(file.events[i - 1]?.hash);
  });

  it('hashes the canonical JSON of the event without its hash key', () => {
    const event = fiveEvents().events[2];
    if (event === undefined) throw new Error('no event');
    const { hash, ...rest } = event;
    expect(hash).toBe(createHash('sha256').update(canonicalJson(rest)).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEvent(event)).toBe(hash);
  });

  it('does not modify the file it extends', () => {
    const first = appendEvents(null, RUN, [input('run_started', null)]);
    appendEvents(first, RUN, [input('gate_opened', 1)]);
    expect(first.events).toHaveLength(1);
  });

  it('refuses to append to another run', () => {
    expect(() => appendEvents(fiveEvents(), 'run-20261126-other1', [input('x', null)])).toThrow('belongs to run run-20261126-k3f9x2');
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(fiveEvents())).toEqual({ ok: true, count: 5 });
  });

  it('names an edited event', () => {
    const file = fiveEvents();
    (file.events[2] as { actor: string }).actor = 'mallory';
    expect(verifyChain(file)).toEqual({ ok: false, seq: 3, problem: 'event 3 (approved) was edited: its hash does not match its content' });
  });

  it('names a removed event', () => {
    const file = fiveEvents();
    file.events.splice(3, 1);
    const result = verifyChain(file);
    expect(result).toMatchObject({ ok: false, seq: 4 });
    expect(result.ok ? '' : result.problem).toContain('event 4 is missing');
  });

  it('names a removed last-but-renumbered event by its prev link', () => {
    const file = fiveEvents();
    file.events.splice(3, 1);
    // Renumber the later event and re-hash it so only the broken link remains.
    const moved = { ...(file.events[3] as NonNullable<(typeof file.events)[3]>), seq: 4 };
    moved.hash = hashEvent(moved);
    file.events[3] = moved;
    expect(verifyChain(file)).toEqual({ ok: false, seq: 4, problem: "event 4 (step_completed)'s prev does not match event 3's hash" });
  });

  it('names swapped events', () => {
    const file = fiveEvents();
    const [a, b] = [file.events[1], file.events[2]];
    if (a === undefined || b === undefined) throw new Error('no events');
    file.events[1] = b;
    file.events[2] = a;
    const result = verifyChain(file);
    expect(result).toMatchObject({ ok: false, seq: 2 });
    expect(result.ok ? '' : result.problem).toContain('out of order');
  });

  it('names an event whose prev was changed', () => {
    const file = fiveEvents();
    const changed = { ...(file.events[1] as NonNullable<(typeof file.events)[1]>), prev: 'f'.repeat(64) };
    changed.hash = hashEvent(changed);
    file.events[1] = changed;
    expect(verifyChain(file)).toEqual({ ok: false, seq: 2, problem: "event 2 (gate_opened)'s prev does not match event 1's hash" });
  });

  it('names a first event that does not start from the genesis value', () => {
    const file = fiveEvents();
    const changed = { ...(file.events[0] as NonNullable<(typeof file.events)[0]>), prev: 'f'.repeat(64) };
    changed.hash = hashEvent(changed);
    file.events[0] = changed;
    expect(verifyChain(file)).toMatchObject({ ok: false, seq: 1, problem: expect.stringContaining('genesis') as unknown });
  });

  it('refuses an audit file that belongs to another run', () => {
    const result = verifyChain(fiveEvents(), 'run-20261126-zzzzzz');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toContain('run_id "run-20261126-k3f9x2"');
  });
});
