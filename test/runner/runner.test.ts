// The runner against a real directory store and the real bash executor: state carries outputs, claims precede execution.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditFile } from '../../src/audit/format.js';
import type { RunState } from '../../src/engine/state-format.js';
import type { CommandEvent } from '../../src/engine/types.js';
import { runStep } from '../../src/executor/run-step.js';
import type { StepExecutor, StepRequest } from '../../src/executor/types.js';
import { runCommand, startRun, sweepRuns, type RunnerContext, type RunnerHooks } from '../../src/runner/runner.js';
import { parseSop } from '../../src/sop/parse.js';
import type { SopDefinition } from '../../src/sop/types.js';
import { DirStore } from '../../src/store/dir-store.js';
import { auditPath as auditFile } from '../../src/store/run-layout.js';
import { verifyRun } from '../../src/store/verify.js';
import { rechain } from '../support/forge.js';
import { cleanupTempRepos, makeTempDir } from '../support/git.js';
import { sopText, step } from '../cli/harness.js';

afterAll(cleanupTempRepos);

function sop(text: string, file = 'sops/t.md'): { def: SopDefinition; source: string } {
  const parsed = parseSop(file, text);
  if (!parsed.ok) throw new Error(`test SOP does not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return { def: parsed.sop, source: text };
}

const PIPELINE = sopText('name: pipeline\ndescription: outputs flow\nexecution_mode: supervised', [
  step(1, 'Produce', 'echo "tag=v$SOP_PAYLOAD_N" >> "$SOP_OUTPUT"; printf "multi<<EOF\\nline one\\nline two\\nEOF\\n" >> "$SOP_OUTPUT"'),
  step(2, 'Gate (requires approval)', 'echo "step2 sees $SOP_OUT_TAG"'),
  step(3, 'Consume', 'echo "all: $SOP_OUTPUTS"; echo "multi: $SOP_OUT_MULTI"'),
]);

interface Rig {
  ctx: RunnerContext;
  store: DirStore;
  cwd: string;
  executed: StepRequest[];
  clock: { ms: number };
}

async function rig(hooks?: (store: DirStore) => RunnerHooks, wrap?: (inner: StepExecutor) => StepExecutor): Promise<Rig> {
  const cwd = await makeTempDir('sop-runner-');
  const store = new DirStore(path.join(cwd, '.state'));
  const executed: StepRequest[] = [];
  const counting: StepExecutor = async (req) => {
    executed.push(req);
    return runStep(req);
  };
  const clock = { ms: Date.parse('2026-11-26T09:00:00.000Z') };
  let seed = 7;
  const ctx: RunnerContext = {
    store,
    execute: wrap ? wrap(counting) : counting,
    cwd,
    env: { PATH: process.env['PATH'] },
    now: () => new Date(clock.ms),
    random: () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    },
    ...(hooks ? { hooks: hooks(store) } : {}),
  };
  return { ctx, store, cwd, executed, clock };
}

function approve(by: string, ref: string, at = '2026-11-26T09:00:05.000Z'): CommandEvent {
  return { type: 'command', command: 'approve', by, at, issued_at: at, via: 'cli', ref };
}

const start = (r: Rig, text: string, payload: Record<string, unknown> = {}) => {
  const { def, source } = sop(text);
  return startRun(r.ctx, { def, source, payload, startedBy: 'alice', trigger: { type: 'manual' }, commit: null });
};

describe('runner', () => {
  it('carries outputs between steps through the stored state, across gates', async () => {
    const r = await rig();
    const first = await start(r, PIPELINE, { n: 7 });
    expect(first.state.status).toBe('pending_approval');
    expect(r.executed).toHaveLength(0);
    const id = first.state.run_id;
    const second = await runCommand(r.ctx, id, approve('bob', 'cli:1'));
    expect(second.state.status).toBe('pending_approval');
    expect(second.state.current_step).toBe(2);
    expect(second.state.outputs).toEqual({ '1': { tag: 'v7', multi: 'line one\nline two' } });
    // A fresh store object (as on another machine) sees the outputs too.
    const reread = await new DirStore(path.join(r.cwd, '.state')).get(id);
    expect(reread?.state.outputs['1']?.['tag']).toBe('v7');
    const third = await runCommand(r.ctx, id, approve('bob', 'cli:2'));
    expect(third.state.status).toBe('completed');
    const log = (await r.store.readLog(id)) ?? '';
    expect(log).toContain('step2 sees v7');
    expect(log).toContain('all: {"1":{"tag":"v7","multi":"line one\\nline two"}}');
    expect(log).toContain('multi: line one\nline two');
    expect(r.executed.map((e) => e.step)).toEqual([1, 2, 3]);
    expect(await verifyRun(r.store, id)).toMatchObject({ ok: true });
  });

  it('commits the claim (status running) before the step executes', async () => {
    const seen: RunState[] = [];
    const r = await rig((store) => ({
      async beforeStep(state) {
        const snap = await store.get(state.run_id);
        if (snap) seen.push(snap.state);
      },
    }));
    const out = await start(r, sopText('name: two\ndescription: d\nexecution_mode: auto', [step(1, 'A', 'echo a'), step(2, 'B', 'echo b')]));
    expect(out.state.status).toBe('completed');
    expect(seen.map((s) => [s.status, s.current_step])).toEqual([
      ['running', 1],
      ['running', 2],
    ]);
    expect(seen[0]?.history.at(-1)).toMatchObject({ step: 1, status: 'running' });
    const audit = (await r.store.get(out.state.run_id))?.audit.events.map((e) => e.type) ?? [];
    expect(audit.indexOf('step_started')).toBeGreaterThan(-1);
    expect(audit.indexOf('step_started')).toBeLessThan(audit.indexOf('step_completed'));
  });

  it('refuses to resume a run whose pinned SOP text is missing from the audit record', async () => {
    const r = await rig();
    const out = await start(r, PIPELINE, { n: 1 });
    const id = out.state.run_id;
    const auditPath = path.join(r.cwd, '.state', auditFile(id));
    const audit = JSON.parse(await fs.readFile(auditPath, 'utf8')) as AuditFile;
    const started = audit.events.find((e) => e.type === 'run_started');
    expect(typeof started?.details['sop_source']).toBe('string');
    if (started) delete started.details['sop_source'];
    // Re-hashed, so the run passes verification and the pinned-text check itself is what refuses.
    await fs.writeFile(auditPath, JSON.stringify(rechain(audit)));
    await expect(runCommand(r.ctx, id, approve('bob', 'cli:x'))).rejects.toThrow(/no pinned SOP text.*sop verify/);
    expect(r.executed).toHaveLength(0);
  });

  it('refuses to resume when the pinned text does not match the sha256 recorded at start', async () => {
    const r = await rig();
    const out = await start(r, PIPELINE, { n: 1 });
    const id = out.state.run_id;
    const auditPath = path.join(r.cwd, '.state', auditFile(id));
    const audit = JSON.parse(await fs.readFile(auditPath, 'utf8')) as AuditFile;
    const started = audit.events.find((e) => e.type === 'run_started');
    if (started) started.details['sop_source'] = PIPELINE.replace('echo "step2 sees', 'rm -rf /tmp/nothing; echo "step2 sees');
    await fs.writeFile(auditPath, JSON.stringify(rechain(audit)));
    await expect(runCommand(r.ctx, id, approve('bob', 'cli:x'))).rejects.toThrow(/does not match sha256/);
    expect(r.executed).toHaveLength(0);
  });

  it('a start whose source differs from the definition is caught when the run resumes', async () => {
    const r = await rig();
    const { def } = sop(PIPELINE);
    const other = PIPELINE.replace('step2 sees', 'something else sees');
    const out = await startRun(r.ctx, { def, source: other, payload: {}, startedBy: 'alice', trigger: { type: 'manual' }, commit: null });
    await expect(runCommand(r.ctx, out.state.run_id, approve('bob', 'cli:y'))).rejects.toThrow(/does not match sha256/);
    expect(r.executed).toHaveLength(0);
  });

  it('two approvals racing on a min_approvals 1 gate execute the step exactly once', async () => {
    // Slow the executor down so the racers overlap while the step runs.
    const r = await rig(undefined, (inner) => async (req) => {
      await new Promise((res) => setTimeout(res, 50));
      return inner(req);
    });
    const text = sopText('name: race\ndescription: d\nexecution_mode: supervised', [step(1, 'Once', 'echo ran-once')]);
    for (let round = 0; round < 3; round++) {
      r.executed.length = 0;
      const out = await start(r, text);
      const id = out.state.run_id;
      const results = await Promise.allSettled([
        runCommand(r.ctx, id, approve('bob', `cli:b${round}`)),
        runCommand(r.ctx, id, approve('carol', `cli:c${round}`)),
      ]);
      expect(r.executed).toHaveLength(1);
      const fulfilled = results.flatMap((x) => (x.status === 'fulfilled' ? [x.value] : []));
      expect(fulfilled.length).toBeGreaterThanOrEqual(1);
      expect(fulfilled.filter((o) => o.transitions.some((t) => t.decided.effects.some((e) => e.type === 'run_step')))).toHaveLength(1);
      const snap = await r.store.get(id);
      expect(snap?.state.status).toBe('completed');
      expect(snap?.state.approvals.filter((a) => a.decision === 'approve')).toHaveLength(1);
      expect(await verifyRun(r.store, id)).toMatchObject({ ok: true });
    }
  });

  it('sweepRuns times out only gates past approval.timeout', async () => {
    const r = await rig();
    const quick = await start(r, sopText('name: quick\ndescription: d\napproval:\n  timeout: 10s', [step(1, 'A', 'echo a')]));
    const slow = await start(r, sopText('name: slow\ndescription: d\napproval:\n  timeout: 1h', [step(1, 'A', 'echo a')]));
    expect(await sweepRuns(r.ctx)).toEqual([]);
    r.clock.ms += 11_000;
    const ended = await sweepRuns(r.ctx);
    expect(ended.map((s) => [s.run_id, s.status])).toEqual([[quick.state.run_id, 'timed_out']]);
    expect((await r.store.get(slow.state.run_id))?.state.status).toBe('pending_approval');
    expect(await sweepRuns(r.ctx)).toEqual([]);
    expect(r.executed).toHaveLength(0);
  });

  it('an unknown run id is a clear error', async () => {
    const r = await rig();
    await expect(runCommand(r.ctx, 'run-20261126-nothere', approve('bob', 'cli:z'))).rejects.toThrow(/unknown run run-20261126-nothere/);
  });
});

describe('runner failures around a claimed step', () => {
  it('fails the step, not the run state, when preparing it throws (e.g. the pinned commit is gone)', async () => {
    const r = await rig(() => ({
      beforeStep() {
        throw new Error('cannot fetch commit abc');
      },
    }));
    const auto = sopText('name: auto\ndescription: one step\nexecution_mode: auto', [step(1, 'Only', 'echo ran')]);
    const out = await start(r, auto);
    expect(r.executed).toHaveLength(0);
    expect(out.state.status).toBe('failed');
    expect(out.state.reason).toContain('could not prepare step 1: cannot fetch commit abc');
    expect((await verifyRun(r.store, out.state.run_id)).ok).toBe(true);
  });

  it('sweep ends a run whose claimed step never reported back', async () => {
    // The executor never reports back; it tells the test when it was called, which is after the claim was committed.
    let executing: () => void = () => undefined;
    const called = new Promise<void>((resolve) => (executing = resolve));
    const r = await rig(undefined, () => () => {
      executing();
      return new Promise<never>(() => undefined);
    });
    const auto = sopText('name: lost\ndescription: one step\nexecution_mode: auto', [step(1, 'Only', 'echo ran')]);
    const { def, source } = sop(auto);
    void startRun(r.ctx, { def, source, payload: {}, startedBy: 'alice', trigger: { type: 'manual' }, commit: null });
    await called;
    const [id = ''] = await r.store.listRunIds();
    expect((await r.store.get(id))?.state.status).toBe('running');
    expect(await sweepRuns(r.ctx)).toEqual([]);
    r.clock.ms += def.steps[0]!.timeout_ms + 11 * 60_000;
    const ended = await sweepRuns(r.ctx);
    expect(ended.map((s) => [s.run_id, s.status])).toEqual([[id, 'failed']]);
  });
});
