import { describe, expect, it } from 'vitest';
import type { RunState } from '../../src/engine/state-format.js';
import type { SopDefinition, SopStep } from '../../src/sop/types.js';
import {
  findRunMarker,
  parseCommand,
  renderEndComment,
  renderGateComment,
  renderIssueBody,
  renderIssueTitle,
  renderRefusal,
  renderStatus,
  runMarker,
} from '../../src/github/render.js';

const RUN = 'run-20261126-k3f9x2';

function step(number: number, title: string, command: string | null, gate = false): SopStep {
  return { number, title, gate, command, timeout_ms: 600_000, description: `About ${title.toLowerCase()}.`, line: number * 4 };
}

const def: SopDefinition = {
  name: 'deploy-frontend',
  description: 'Deploy frontend',
  priority: 'normal',
  execution_mode: 'supervised',
  triggers: [{ type: 'manual' }],
  approval: { approvers: [], min_approvals: 2, allow_self_approval: false, timeout: '7d', timeout_ms: 7 * 86_400_000 },
  inputs: {},
  steps: [step(1, 'Build', 'npm run build'), step(2, 'Deploy', './deploy.sh staging\necho ```done```', true), step(3, 'Check the dashboard', null), step(4, 'Announce', 'echo hi')],
  path: 'sops/deploy-frontend.md',
  sha256: 'a'.repeat(64),
};

function state(over: Partial<RunState> = {}): RunState {
  return {
    run_id: RUN,
    sop_name: 'deploy-frontend',
    status: 'pending_approval',
    current_step: 2,
    started_at: '2026-11-26T09:00:00Z',
    updated_at: '2026-11-26T09:01:10Z',
    payload: {},
    mode: 'supervised',
    effective_mode: 'supervised',
    waiting_for: 'approval',
    wait: { seq: 2, step: 2, waiting_for: 'approval', opened_at: '2026-11-26T09:01:10Z' },
    waits: 2,
    sop: { path: 'sops/deploy-frontend.md', sha256: 'a'.repeat(64), commit: 'c0ffee1', version: '1.0.0' },
    started_by: 'alice',
    trigger: { type: 'manual' },
    outputs: {},
    approvals: [
      { step: 1, wait: 1, by: 'carol', decision: 'approve', at: '2026-11-26T09:00:30Z', via: 'issue_comment', ref: 'comment:1' },
      { step: 2, wait: 2, by: 'bob', decision: 'approve', at: '2026-11-26T09:02:00Z', via: 'issue_comment', ref: 'comment:2' },
    ],
    history: [
      { step: 1, status: 'pending_approval', output: '', timestamp: '2026-11-26T09:00:00Z', waiting_for: 'approval' },
      { step: 1, status: 'running', output: '', timestamp: '2026-11-26T09:00:58Z' },
      { step: 1, status: 'completed', output: 'ok', timestamp: '2026-11-26T09:01:10Z', exit_code: 0, duration_ms: 12_000 },
      { step: 2, status: 'pending_approval', output: '', timestamp: '2026-11-26T09:01:10Z', waiting_for: 'approval' },
    ],
    ...over,
  };
}

const opts = { serverUrl: 'https://github.com', repo: 'octo-org/deploys', stateBranch: 'sop-state' };

describe('run marker', () => {
  it('round-trips and ignores bodies without one', () => {
    expect(runMarker(RUN)).toBe(`<!-- sop-run: ${RUN} -->`);
    expect(findRunMarker(`text\n${runMarker(RUN)}\nmore`)).toBe(RUN);
    expect(findRunMarker(renderIssueBody(def, state(), opts))).toBe(RUN);
    expect(findRunMarker('<!-- sop-run: not-a-run -->')).toBeNull();
    expect(findRunMarker('no marker')).toBeNull();
  });
});

describe('issue texts', () => {
  it('titles the issue with the SOP and run', () => {
    expect(renderIssueTitle(state())).toBe(`SOP deploy-frontend: ${RUN}`);
  });

  it('lists every step with its state', () => {
    const body = renderIssueBody(def, state(), opts);
    expect(body).toContain('- [x] Step 1: Build — completed in 12s (approved by @carol)');
    expect(body).toContain('- [ ] Step 2: Deploy — waiting for approval (1 of 2: bob)');
    expect(body).toContain('- [ ] Step 3: Check the dashboard — manual step, needs /done');
    expect(body).toMatch(/- \[ \] Step 4: Announce\n/);
  });

  it('counts only approvals given for the open wait: a gate opened again after a retry starts at 0', () => {
    const again = state({ wait: { seq: 3, step: 2, waiting_for: 'approval', opened_at: '2026-11-26T10:00:00Z' }, waits: 3 });
    const body = renderIssueBody(def, again, opts);
    expect(body).toContain('- [ ] Step 2: Deploy — waiting for approval (0 of 2)');
    expect(body).toContain('- **Approvals needed:** 2 distinct approvers\n');
  });

  it('shows running, failed, timed-out and rejected steps', () => {
    const running = state({ status: 'running', waiting_for: null, history: [...state().history, { step: 2, status: 'running', output: '', timestamp: 't' }] });
    expect(renderStatus(def, running)).toContain('- [ ] Step 2: Deploy — running');
    const failed = state({ status: 'failed', history: [...state().history, { step: 2, status: 'failed', output: '', timestamp: 't', exit_code: 3 }] });
    expect(renderStatus(def, failed)).toContain('- [ ] Step 2: Deploy — failed (exit 3)');
    const slow = state({ status: 'failed', history: [...state().history, { step: 2, status: 'failed', output: '', timestamp: 't', exit_code: null, timed_out: true }] });
    expect(renderStatus(def, slow)).toContain('- [ ] Step 2: Deploy — timed out after 10m');
    const rejected = state({ status: 'rejected', reason: 'not today', history: [...state().history, { step: 2, status: 'rejected', output: '', timestamp: 't' }] });
    expect(renderStatus(def, rejected)).toContain('- [ ] Step 2: Deploy — rejected: not today');
  });

  it('says what the gate asks: command, who, how many, self-approval, timeout, and how to answer', () => {
    const body = renderIssueBody(def, state(), { ...opts, approverPermission: 'maintain' });
    expect(body).toContain('### Waiting for approval: Step 2: Deploy');
    expect(body).toContain('About deploy.');
    expect(body).toContain('````bash\n./deploy.sh staging\necho ```done```\n````');
    expect(body).toContain('anyone with maintain permission or higher');
    expect(body).toContain('2 distinct approvers (1 so far: bob)');
    expect(body).toContain('@alice (who started the run) may reject but not approve');
    expect(body).toContain('7d after the gate opened (at 2026-12-03T09:01:10Z)');
    for (const cmd of ['`/approve`', '`/reject <reason>`', '`/status`']) expect(body).toContain(cmd);
    expect(body).toContain(`https://github.com/octo-org/deploys/tree/sop-state/runs/2026/11/26/${RUN}`);
    expect(body).toContain(`https://github.com/octo-org/deploys/blob/sop-state/runs/2026/11/26/${RUN}/audit.json`);
    expect(body).toContain(`https://github.com/octo-org/deploys/blob/sop-state/runs/2026/11/26/${RUN}/state.json`);
    expect(body).toContain('[`sops/deploy-frontend.md`](https://github.com/octo-org/deploys/blob/c0ffee1/sops/deploy-frontend.md) at commit c0ffee1');
  });

  it('asks for /done on a manual step and names listed approvers', () => {
    const manual = state({ current_step: 3, waiting_for: 'confirmation' });
    const d = { ...def, approval: { ...def.approval, approvers: ['bob', '@octo-org/release'] } };
    const comment = renderGateComment(d, manual);
    expect(comment).toContain('### Waiting for confirmation: Step 3: Check the dashboard');
    expect(comment).toContain('confirm it with `/done`');
    expect(comment).toContain('bob, @octo-org/release (each also needs write permission or higher)');
    expect(comment).toContain('- `/done` — confirm the manual step is done');
    expect(comment).not.toContain('`/approve`');
  });

  it('renders the end, refusals and /status', () => {
    expect(renderEndComment(state({ status: 'completed', waiting_for: null }))).toContain('**completed**');
    expect(renderEndComment(state({ status: 'failed', current_step: 4, reason: 'step 4 exited with 1' }))).toBe(
      `Run ${RUN} **failed** at step 4: step 4 exited with 1\n`,
    );
    expect(renderRefusal(2, '@eve is not a collaborator')).toBe(
      '**Refused:** your repository permission is below the one approvers need (the approver-permission input).\n\n@eve is not a collaborator\n\nThe run did not change.\n',
    );
    expect(renderRefusal('state', 'the run already ended')).toContain('the run is not waiting for this command');
    const status = renderStatus(def, state(), opts);
    expect(status).toContain('status: **pending_approval**');
    expect(status).toContain('Waiting for approval of **Step 2: Deploy**');
  });

});

describe('parseCommand (SPEC 5.4)', () => {
  it.each([
    ['/approve', { command: 'approve' }],
    ['/APPROVE', { command: 'approve' }],
    ['  /Approve  ', { command: 'approve' }],
    ['\n\n  \n/approve\nlooks good', { command: 'approve', comment: 'looks good' }],
    [`/approve ${RUN}`, { command: 'approve', runId: RUN }],
    [`/approve RUN-20261126-K3F9X2`, { command: 'approve', runId: RUN }],
    ['/done', { command: 'done' }],
    [`/done ${RUN}`, { command: 'done', runId: RUN }],
    ['/status', { command: 'status' }],
    [`/status ${RUN}\nwhere are we?`, { command: 'status', runId: RUN }],
    ['/reject too risky', { command: 'reject', reason: 'too risky' }],
    [`/reject ${RUN} too risky`, { command: 'reject', runId: RUN, reason: 'too risky' }],
    ['/reject\r\nfirst line\r\nsecond line', { command: 'reject', reason: 'first line\nsecond line' }],
    ['/reject not now\nbecause of the freeze', { command: 'reject', reason: 'not now\nbecause of the freeze' }],
    ['/reject', { command: 'reject' }],
    ['/reject runaway costs', { command: 'reject', reason: 'runaway costs' }],
    ['/approve looks good', { command: 'approve', comment: 'looks good' }],
    ['/approve run-2026-bad', { command: 'approve', comment: 'run-2026-bad' }],
    [`/done ${RUN} extra`, { command: 'done', runId: RUN, comment: 'extra' }],
  ])('%j → %j', (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  it.each([
    '',
    '   \n  ',
    'lgtm',
    '/approved',
    '/approveit',
    'please /approve',
    '> /approve',
    '`/approve`',
    'I think\n/approve',
    '/deploy',
    '/ approve',
  ])('%j is not a command', (body) => {
    expect(parseCommand(body)).toBeNull();
  });

  it('keeps another run id so the caller can refuse it (rule 5)', () => {
    expect(parseCommand('/approve run-20261127-zzzzzz')).toEqual({ command: 'approve', runId: 'run-20261127-zzzzzz' });
  });
});

describe('parseCommand: text from the webhook JSON', () => {
  it('replaces lone surrogates in a reason or comment, so none reaches the audit', () => {
    const body = JSON.parse('"/reject bad \\ud800 idea"') as string;
    expect(parseCommand(body)).toEqual({ command: 'reject', reason: 'bad \uFFFD idea' });
  });
});
