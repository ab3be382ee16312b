// renderSummary: the job summary's heading, step table, links and failure reason.
import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/action/summary.js';
import { rendered } from '../github/rendered.js';
import type { RunState } from '../../src/engine/state-format.js';
import type { SopDefinition, SopStep } from '../../src/sop/types.js';

const RUN = 'run-20261126-k3f9x2';

function step(number: number, title: string, command: string | null = 'echo hi'): SopStep {
  return { number, title, gate: false, command, timeout_ms: 600_000, description: '', line: number * 5 };
}

const def: SopDefinition = {
  name: 'deploy-frontend',
  description: 'Deploy frontend',
  priority: 'normal',
  execution_mode: 'supervised',
  triggers: [{ type: 'manual' }],
  approval: { approvers: [], min_approvals: 2, allow_self_approval: false, timeout: '7d', timeout_ms: 604_800_000 },
  inputs: {},
  steps: [step(1, 'Build | package'), step(2, 'Check the\ndashboard', null), step(3, 'Deploy')],
  path: 'sops/deploy-frontend.md',
  sha256: 'a'.repeat(64),
};

function state(extra: Partial<RunState> = {}): RunState {
  return {
    run_id: RUN,
    sop_name: 'deploy-frontend',
    status: 'pending_approval',
    current_step: 2,
    started_at: '2026-11-26T09:00:00Z',
    updated_at: '2026-11-26T09:05:00Z',
    payload: {},
    mode: 'supervised',
    effective_mode: 'supervised',
    waiting_for: 'confirmation',
    wait: { seq: 2, step: 2, waiting_for: 'confirmation', opened_at: '2026-11-26T09:05:00Z' },
    waits: 2,
    sop: { path: 'sops/deploy-frontend.md', sha256: 'a'.repeat(64), commit: 'c'.repeat(40) },
    started_by: 'alice',
    trigger: { type: 'manual' },
    outputs: {},
    approvals: [
      { step: 1, wait: 1, by: 'bob', decision: 'approve', at: '2026-11-26T09:01:00Z', via: 'issue_comment', ref: 'comment:1' },
      { step: 1, wait: 1, by: 'carol', decision: 'approve', at: '2026-11-26T09:02:00Z', via: 'issue_comment', ref: 'comment:2' },
    ],
    history: [
      { step: 1, status: 'pending_approval', output: '', timestamp: '2026-11-26T09:00:00Z', waiting_for: 'approval' },
      { step: 1, status: 'completed', output: 'ok', timestamp: '2026-11-26T09:04:00Z', exit_code: 0, duration_ms: 95_000, by: ['bob', 'carol'] },
      { step: 2, status: 'pending_approval', output: '', timestamp: '2026-11-26T09:05:00Z', waiting_for: 'confirmation' },
    ],
    ...extra,
  };
}

const base = { def, serverUrl: 'https://github.com/', repo: 'acme/ops', stateBranch: 'sop-state' };

describe('renderSummary', () => {
  it('shows a heading, the status, and one row per step with "—" for steps not reached', () => {
    const md = renderSummary({ ...base, state: state(), issueNumber: 17 });
    expect(md).toContain(`## SOP \`deploy-frontend\`: run ${RUN}`);
    expect(md).toContain('**Status:** pending_approval (waiting for confirmation) at step 2 of 3 · started by @alice');
    expect(md).toContain('| Step | Title | Status | Duration | Approvers |\n|---|---|---|---|---|\n');
    expect(md).toContain('| 1 | Build \\| package | completed | 95s | @bob, @carol |');
    expect(md).toContain('| 2 | Check the dashboard | waiting for confirmation | — | — |');
    expect(md).toContain('| 3 | Deploy | — | — | — |');
  });

  it('links the issue and the state file', () => {
    const md = renderSummary({ ...base, state: state(), issueNumber: 17 });
    expect(md).toContain('[#17](https://github.com/acme/ops/issues/17)');
    expect(md).toContain(`[runs/2026/11/26/${RUN}/state.json](https://github.com/acme/ops/blob/sop-state/runs/2026/11/26/${RUN}/state.json)`);
  });

  it('takes the issue from the run\'s channel, and omits the link when there is none', () => {
    const withChannel = renderSummary({ ...base, state: state({ channel: { type: 'issue', issue_number: 9 } }) });
    expect(withChannel).toContain('(https://github.com/acme/ops/issues/9)');
    expect(renderSummary({ ...base, state: state() })).not.toContain('/issues/');
  });

  it('gives the reason of a rejected run and marks the rejector, escaping pipes and newlines', () => {
    const rejected = state({
      status: 'rejected',
      waiting_for: null,
      reason: 'wrong tag | see\nthread',
      approvals: [
        ...state().approvals,
        { step: 2, wait: 2, by: 'dave|x', decision: 'reject', at: '2026-11-26T09:06:00Z', via: 'issue_comment', ref: 'comment:3', comment: 'no' },
      ],
      history: [...state().history, { step: 2, status: 'rejected', output: '', timestamp: '2026-11-26T09:06:00Z', by: ['dave|x'] }],
    });
    const md = renderSummary({ ...base, state: rejected });
    expect(md).toContain('**Why it was rejected:** wrong tag \\| see thread');
    expect(md).toContain('| 2 | Check the dashboard | rejected | — | @dave\\|x (rejected) |');
  });

  it('shows a failed step with its exit code and no reason line for a completed run', () => {
    const failed = state({
      status: 'failed',
      current_step: 3,
      waiting_for: null,
      reason: 'step 3 exited with 2',
      history: [...state().history, { step: 3, status: 'failed', output: 'boom', timestamp: 'x', exit_code: 2, duration_ms: 4_000 }],
    });
    const md = renderSummary({ ...base, state: failed });
    expect(md).toContain('| 3 | Deploy | failed (exit 2) | 4s | — |');
    expect(md).toContain('**Why it failed:** step 3 exited with 2');
    expect(renderSummary({ ...base, state: state({ status: 'completed', waiting_for: null }) })).not.toContain('**Why');
  });

  it('lists the steps the history knows when the SOP definition is gone', () => {
    const md = renderSummary({ ...base, def: undefined, state: state() });
    expect(md).toContain('**Status:** pending_approval (waiting for confirmation) at step 2 ·');
    expect(md).toContain('| 1 | — | completed | 95s | @bob, @carol |');
    expect(md).toContain('| 2 | — | waiting for confirmation | — | — |');
    expect(md).not.toContain('| 3 |');
  });

  it('an SOP title or a reason with HTML or markdown adds no markup to the summary', () => {
    const d = { ...def, steps: [step(1, 'Build <!-- hidden'), step(2, '**Check** `x` | y'), step(3, 'Deploy')] };
    const md = renderSummary({ ...base, def: d, state: state({ status: 'failed', waiting_for: null, reason: 'boom <img src=x> | <!--' }) });
    const view = rendered(md);
    expect(view.html).toEqual([]);
    expect(md).toContain('| 1 | Build &lt;!-- hidden |'.replace('&lt;', '\\<'));
    expect(md).toContain('| 2 | \\*\\*Check\\*\\* \\`x\\` \\| y |');
    expect(md).toContain('| 3 | Deploy |');
    expect(md).toContain('**Why it failed:** boom \\<img src=x\\> \\| \\<!--');
  });

  it('stays within what GitHub accepts for a step summary, however many steps', () => {
    const many = { ...def, steps: Array.from({ length: 3_000 }, (_, i) => step(i + 1, 'x'.repeat(300))) };
    const md = renderSummary({ ...base, def: many, state: state() });
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(md).toContain('… truncated');
  });
});
