// The StateStore contract, run against both the git store and the directory store.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/chain.js';
import { DirStore } from '../../src/store/dir-store.js';
import { GitStore } from '../../src/store/git-store.js';
import { transact } from '../../src/store/transact.js';
import type { StateStore } from '../../src/store/types.js';
import { cleanupTempRepos, makeTempDir, makeTempRepo } from '../support/git.js';
import { event, makeState, makeWrite } from './fixtures.js';

const RUN = 'run-20261126-k3f9x2';

const factories: [string, () => Promise<StateStore>][] = [
  ['GitStore', async () => new GitStore({ repoDir: (await makeTempRepo()).dir })],
  ['DirStore', async () => new DirStore(await makeTempDir('sop-dir-'))],
];

afterAll(cleanupTempRepos);

describe.each(factories)('%s contract', (_name, make) => {
  let store: StateStore;
  beforeEach(async () => {
    store = await make();
    return () => store.close();
  });

  it('starts empty', async () => {
    expect(await store.get(RUN)).toBeNull();
    expect(await store.listRunIds()).toEqual([]);
    expect(await store.listRuns()).toEqual([]);
    expect(await store.readLog(RUN)).toBeNull();
  });

  it('round-trips state, audit and log', async () => {
    const first = await store.put(RUN, null, makeWrite(RUN, 'run started', { status: 'running' }, 'step 1 output\n'));
    expect(first.ok).toBe(true);
    const snap = await store.get(RUN);
    expect(snap?.state).toEqual(makeState(RUN, { status: 'running' }));
    expect(snap?.audit.events.map((e) => [e.seq, e.type])).toEqual([[1, 'run_started']]);
    expect(snap?.version).toBe(first.ok ? first.version : '');

    const second = await store.put(RUN, snap?.version ?? null, {
      state: makeState(RUN, { status: 'completed' }),
      events: [event('step_completed', 1), event('run_completed')],
      log: 'done\n',
      message: 'run completed',
    });
    expect(second.ok).toBe(true);
    const after = await store.get(RUN);
    expect(after?.state.status).toBe('completed');
    expect(after?.audit.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(after?.version).not.toBe(snap?.version);
    expect(after && verifyChain(after.audit)).toEqual({ ok: true, count: 3 });
    expect(await store.readLog(RUN)).toBe('step 1 output\ndone\n');
    expect(await store.listRunIds()).toEqual([RUN]);
    expect((await store.listRuns()).map((s) => s.status)).toEqual(['completed']);
  });

  it('refuses a stale expected version (compare-and-swap)', async () => {
    const first = await store.put(RUN, null, makeWrite(RUN, 'run started'));
    if (!first.ok) throw new Error('first put failed');
    await store.put(RUN, first.version, makeWrite(RUN, 'approved'));
    expect(await store.put(RUN, first.version, makeWrite(RUN, 'approved again'))).toEqual({ ok: false, reason: 'conflict' });
    expect(await store.put(RUN, null, makeWrite(RUN, 'started twice'))).toEqual({ ok: false, reason: 'conflict' });
    expect((await store.get(RUN))?.audit.events.map((e) => e.type)).toEqual(['run_started', 'approved']);
  });

  it('refuses a version for a run that does not exist', async () => {
    expect(await store.put(RUN, 'f'.repeat(40), makeWrite(RUN, 'approved'))).toEqual({ ok: false, reason: 'conflict' });
    expect(await store.get(RUN)).toBeNull();
  });

  it('keeps runs apart: a write to one run does not change the other run version', async () => {
    const other = 'run-20261126-other1';
    const a = await store.put(RUN, null, makeWrite(RUN, 'run started'));
    await store.put(other, null, makeWrite(other, 'run started'));
    if (!a.ok) throw new Error('put failed');
    expect((await store.get(RUN))?.version).toBe(a.version);
    expect(await store.put(RUN, a.version, makeWrite(RUN, 'approved'))).toMatchObject({ ok: true });
    expect((await store.listRunIds()).sort()).toEqual([RUN, other].sort());
  });

  it('refuses writes that would break the record', async () => {
    await expect(store.put(RUN, null, { ...makeWrite(RUN, 'x'), events: [] })).rejects.toThrow('at least one audit event');
    await expect(store.put(RUN, null, makeWrite('run-20261126-other1', 'x'))).rejects.toThrow('cannot store the state of run run-20261126-other1 as run');
    await expect(store.get('../etc/passwd')).rejects.toThrow('invalid run id');
  });

  it('transact re-decides on conflict and writes nothing for a null write', async () => {
    await store.put(RUN, null, makeWrite(RUN, 'run started'));
    let calls = 0;
    const result = await transact(store, RUN, async (snap) => {
      calls++;
      if (calls === 1 && snap !== null) {
        // Another writer lands between our read and our put.
        await store.put(RUN, snap.version, makeWrite(RUN, 'sneaked in'));
      }
      return { write: makeWrite(RUN, `decided on ${snap?.audit.events.length ?? 0} events`), result: snap?.audit.events.length ?? 0 };
    });
    expect(calls).toBe(2);
    expect(result.result).toBe(2);
    expect(result.snapshot?.audit.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(result.snapshot).toEqual(await store.get(RUN));

    const none = await transact(store, RUN, (snap) => ({ write: null, result: snap?.version }));
    expect(none.result).toBe(result.snapshot?.version);
    expect((await store.get(RUN))?.audit.events).toHaveLength(3);
  });

  it('transact decides on a known snapshot, and on a fresh read once that snapshot is stale, refused or changes nothing', async () => {
    const started = await transact(store, RUN, () => ({ write: makeWrite(RUN, 'run started'), result: null }));
    const known = started.snapshot;
    if (known === null) throw new Error('no snapshot after the first write');
    // Fresh hint: decided on it, no read needed, and what it returns is what the store holds.
    const seen: (string | undefined)[] = [];
    const next = await transact(store, RUN, (snap) => {
      seen.push(snap?.version);
      return { write: makeWrite(RUN, 'step done'), result: null };
    }, { known });
    expect(seen).toEqual([known.version]);
    expect(next.snapshot).toEqual(await store.get(RUN));

    // Stale hint: the put conflicts and the decision is made again on the stored run.
    const fresh = next.snapshot?.version;
    seen.length = 0;
    const after = await transact(store, RUN, (snap) => {
      seen.push(snap?.version);
      return { write: makeWrite(RUN, `decided on ${snap?.audit.events.length ?? 0} events`), result: snap?.audit.events.length };
    }, { known });
    expect(seen).toEqual([known.version, fresh]);
    expect(after.result).toBe(2);
    expect((await store.get(RUN))?.audit.events).toHaveLength(3);

    // A refusal or a "nothing to do" on the hint is checked against the stored run before it counts.
    const refusedOnHint = await transact(store, RUN, (snap) => {
      if (snap?.version === known.version) throw new Error('refused on the stale hint');
      return { write: null, result: snap?.version };
    }, { known });
    expect(refusedOnHint.result).toBe(after.snapshot?.version);
    const nothing = await transact(store, RUN, (snap) => ({ write: null, result: snap?.version }), { known });
    expect(nothing.result).toBe(after.snapshot?.version);
    expect(nothing.snapshot).toEqual(await store.get(RUN));
  });

  it('transact gives up with a clear error after maxAttempts', async () => {
    await store.put(RUN, null, makeWrite(RUN, 'run started'));
    const attempt = transact(
      store,
      RUN,
      async (snap) => {
        if (snap !== null) await store.put(RUN, snap.version, makeWrite(RUN, 'always first'));
        return { write: makeWrite(RUN, 'never lands'), result: null };
      },
      { maxAttempts: 3 },
    );
    await expect(attempt).rejects.toThrow(`run ${RUN} in ${store.description} kept changing under us: gave up after 3 attempts`);
  });

  it('lists a few hundred runs', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `run-20261126-${String(i).padStart(6, '0')}`);
    for (const id of ids) await store.put(id, null, makeWrite(id, 'run started', { current_step: Number(id.slice(-3)) }));
    expect((await store.listRunIds()).sort()).toEqual(ids);
    const runs = await store.listRuns();
    expect(runs.map((r) => r.run_id).sort()).toEqual(ids);
    expect(runs.find((r) => r.run_id === ids[123])?.current_step).toBe(123);
  });
});
