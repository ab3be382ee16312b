import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PENDING_LABEL,
  SOP_LABEL,
  addLabels,
  closeIssue,
  commentOnIssue,
  createRunIssue,
  findRunIssue,
  react,
  removeLabel,
  updateIssueBody,
} from '../../src/github/issue-channel.js';
import { createOctokit, type GitHubClient } from '../../src/github/octokit.js';
import { runMarker } from '../../src/github/render.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const repo = { owner: 'octo-org', repo: 'deploys' };
const RUN = 'run-20261126-k3f9x2';

describe('issue channel calls', () => {
  let gh: FakeGitHub;
  let octokit: GitHubClient;

  beforeAll(async () => {
    gh = await startFakeGitHub();
  });
  afterAll(async () => {
    await gh.close();
  });
  beforeEach(() => {
    octokit = createOctokit({ token: 't', baseUrl: gh.url, retryAfterBaseValue: 1, pacing: false, log: { warn: () => {} } });
  });

  it('opens an issue with labels inline in one call, then edits, comments, reacts and closes it', async () => {
    const n = await createRunIssue(octokit, repo, { title: 'SOP deploy: x', body: `${runMarker(RUN)}\nhello`, labels: [SOP_LABEL, PENDING_LABEL] });
    expect(octokit.counts.calls).toBe(1);
    expect(gh.issue(n)?.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['sop', 'sop:pending']);
    expect(gh.issue(n)?.user?.type).toBe('Bot');

    await updateIssueBody(octokit, repo, n, `${runMarker(RUN)}\nupdated`);
    expect(gh.issue(n)?.body).toBe(`${runMarker(RUN)}\nupdated`);

    const id = await commentOnIssue(octokit, repo, n, 'Step 2 waits');
    expect(gh.comments(n).map((c) => [c.id, c.body])).toEqual([[id, 'Step 2 waits']]);

    const human = gh.addComment(n, { login: 'bob', body: '/approve' });
    await react(octokit, repo, Number(human.id), 'eyes');
    await react(octokit, repo, Number(human.id), '+1');
    expect(gh.reactions(Number(human.id)).map((r) => r.content)).toEqual(['eyes', '+1']);

    await removeLabel(octokit, repo, n, PENDING_LABEL);
    await removeLabel(octokit, repo, n, PENDING_LABEL); // already gone: fine
    await addLabels(octokit, repo, n, ['sop:done']);
    expect(gh.issue(n)?.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['sop', 'sop:done']);

    await closeIssue(octokit, repo, n);
    expect(gh.issue(n)).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(octokit.counts.calls).toBe(9);
  });

  it('removeLabel still fails on other errors', async () => {
    await expect(removeLabel(octokit, repo, 4242, 'sop')).rejects.toMatchObject({ status: 404 });
    gh.failNext(1, 403, { message: 'Must have admin rights to Repository.', path: /\/labels\// });
    const n = await createRunIssue(octokit, repo, { title: 't', body: 'b', labels: ['sop'] });
    await expect(removeLabel(octokit, repo, n, 'sop')).rejects.toThrow(/HTTP 403: Must have admin rights/);
  });

  it('finds a run issue by its marker among many open sop issues, across pages', async () => {
    for (let i = 0; i < 120; i++) gh.addIssue({ login: 'alice', title: `other ${i}`, body: runMarker(`run-20261125-aaaa${String(i).padStart(2, '0')}`), labels: ['sop'] });
    gh.addIssue({ login: 'alice', title: 'unlabelled', body: runMarker(RUN.replace('k3f9x2', 'zzzzzz')) });
    const target = await createRunIssue(octokit, repo, { title: 'mine', body: `${runMarker('run-20261126-target1')}\n…`, labels: ['sop', 'sop:pending'] });
    gh.addIssue({ login: 'alice', title: 'newer', body: 'no marker', labels: ['sop'] });
    octokit.counts.calls = 0;
    await expect(findRunIssue(octokit, repo, 'run-20261126-target1')).resolves.toBe(target);
    expect(octokit.counts.calls).toBe(2);
    await expect(findRunIssue(octokit, repo, 'run-20261126-zzzzzz')).resolves.toBeNull();
    await closeIssue(octokit, repo, target);
    await expect(findRunIssue(octokit, repo, 'run-20261126-target1')).resolves.toBeNull();
  });
});
