// Texts of the pull-request channel: branch and file names, the approval file, the PR body and its last comment.
import { describe, expect, it } from 'vitest';
import { approvalBranch, approvalFilePath, renderApprovalFile, renderPullBody, renderPullDecided, renderPullTitle } from '../../src/github/pull-render.js';
import { findRunMarker } from '../../src/github/render.js';
import { makeSop, RUN_ID, started } from '../engine/fixtures.js';

const opts = { serverUrl: 'https://github.com', repo: 'acme/ops', stateBranch: 'sop-state' };

describe('pull-request channel texts', () => {
  const def = makeSop({ approval: { approvers: ['bob', '@acme/sre'], min_approvals: 2 } });
  const state = { ...started(def, { payload: { version: 'v1 ```` `x`' } }), sop: { path: def.path, sha256: def.sha256, commit: 'f'.repeat(40) } };

  it('names the branch and file after the run and step', () => {
    expect(approvalBranch(RUN_ID, 3)).toBe(`sop-approvals/${RUN_ID}/step-3`);
    expect(approvalFilePath('deploy-frontend', RUN_ID, 3)).toBe(`.sop/approvals/deploy-frontend/${RUN_ID}-step-3.md`);
    expect(renderPullTitle(def, state)).toBe(`Approve deploy-frontend step 1: Build (${RUN_ID})`);
  });

  it('the approval file says what is approved: command, payload, pinned commit and sha256, who, how, progress', () => {
    const file = renderApprovalFile(def, state, opts);
    for (const fact of ['echo step 1', 'f'.repeat(40), 'a'.repeat(64), 'bob, @acme/sre', '### How to answer', '(0 of 2)']) expect(file).toContain(fact);
    // The payload's backticks cannot close its fence early.
    expect(file).toContain('`````json\n');
  });

  it('the PR body carries the run marker and the same facts', () => {
    const body = renderPullBody(def, state, opts);
    expect(findRunMarker(body)).toBe(RUN_ID);
    for (const fact of ['echo step 1', 'f'.repeat(40), 'a'.repeat(64), 'Closing** this pull request']) expect(body).toContain(fact);
  });

  it('says who codeowners stands for, or why no one, under "Who may approve"', () => {
    const owned = makeSop({ approval: { approvers: ['codeowners'] } });
    const body = renderPullBody(owned, state, opts, { ok: true, approvers: ['carol', '@acme/sre'] });
    expect(body).toMatch(/\*\*Who may approve:\*\* codeowners .*\n- \*\*codeowners:\*\* CODEOWNERS at the pinned commit gives `sops\/deploy-frontend.md` to @carol, @acme\/sre/);
    expect(renderApprovalFile(owned, state, opts, { ok: false, reason: 'no CODEOWNERS file' })).toContain('- **codeowners:** no CODEOWNERS file');
  });

  it('the last comment says how the step was decided', () => {
    const approved = { ...state, status: 'running' as const, approvals: [{ step: 1, wait: 1, by: 'bob', decision: 'approve' as const, at: 'x', via: 'pull_request_review' as const, ref: 'review:1' }] };
    expect(renderPullDecided(def, 1, approved)).toContain('Step 1 (Build) was **approved** by @bob');
    expect(renderPullDecided(def, 1, { ...state, status: 'rejected', reason: 'no' })).toContain('was **rejected**: no');
    expect(renderPullDecided(def, 1, { ...state, status: 'timed_out' })).toContain('**timed out**');
    expect(renderPullDecided(def, 1, { ...state, status: 'cancelled' })).toContain('**cancelled**');
  });
});
