// The CLI binds a decision to the wait it read when it started (SPEC 3.1): concurrent and explicit-step approvals.
import { describe, expect, it } from 'vitest';
import { makeHarness, sopText, step } from './harness.js';

const FILES = {
  'sops/stepwise.md': sopText('name: stepwise\ndescription: A gate before every step\nexecution_mode: step_by_step', [
    step(1, 'Snapshot', 'echo snapshot'),
    step(2, 'Drop production database', 'echo DROPPED'),
    step(3, 'Restore', 'echo restored'),
  ]),
};

interface Approval {
  by: string;
  wait: number;
  step: number;
}

describe.each(['git', 'dir'] as const)('sop approve with %s state', (kind) => {
  it('two approve processes at once: each gate is passed once, and only by an approval given for it', async () => {
    const { h } = await makeHarness(kind, FILES);
    const { runId } = await h.start(['stepwise']);
    const [bob, carol] = await Promise.all([h.run(['approve', runId, '--as', 'bob']), h.run(['approve', runId, '--as', 'carol'])]);
    const state = await h.state(runId);
    const approvals = state['approvals'] as Approval[];
    // However the two interleave, no wait got two approvals from them, and every success is one approval.
    const perWait = new Map<number, number>();
    for (const a of approvals) perWait.set(a.wait, (perWait.get(a.wait) ?? 0) + 1);
    expect([...perWait.values()].every((n) => n === 1)).toBe(true);
    expect(approvals).toHaveLength([bob, carol].filter((r) => r.code === 0).length);
    // A command that lost the race is refused: while step 1 runs (nothing to decide), or after gate 2 opened
    // as given for the earlier wait, naming the step that waits now. It never lands on gate 2.
    for (const r of [bob, carol].filter((x) => x.code !== 0)) {
      expect(r.stderr).toMatch(/earlier wait .*step 2 waits for approval now|is running step 1; it is not waiting/);
    }
    expect(approvals.find((a) => a.wait === 1)?.step).toBe(1);
  });

  it('sop approve --step 1 after step 3\'s gate opened is refused (exit 1) and passes nothing', async () => {
    const { h } = await makeHarness(kind, FILES);
    const { runId } = await h.start(['stepwise']);
    await h.ok(['approve', runId, '--as', 'bob']);
    await h.ok(['approve', runId, '--as', 'bob']);
    expect(await h.state(runId)).toMatchObject({ current_step: 3, status: 'pending_approval' });
    const late = await h.run(['approve', runId, '--step', '1', '--as', 'carol']);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('names step 1, but step 3 waits for approval now');
    expect(await h.state(runId)).toMatchObject({ current_step: 3, status: 'pending_approval' });
    const right = await h.run(['approve', runId, '--step', '3', '--as', 'carol']);
    expect(right.code).toBe(0);
    expect(await h.state(runId)).toMatchObject({ status: 'completed' });
  });
});
