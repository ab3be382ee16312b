// routeEvent: every SPEC 5.2 row, the non-auto commands, and malformed payloads.
import { describe, expect, it } from 'vitest';
import { parseInputs, type ActionInputs } from '../../src/action/inputs.js';
import { matchTriggers, routeEvent } from '../../src/action/route.js';
import { UserError } from '../../src/errors.js';
import { runMarker } from '../../src/github/render.js';
import type { Trigger } from '../../src/sop/types.js';
import {
  issueCommentEvent,
  issuesClosedEvent,
  pullRequestClosedEvent,
  pullRequestReviewEvent,
  repositoryDispatchEvent,
  scheduleEvent,
  workflowDispatchEvent,
} from '../support/events.js';

const RUN = 'run-20261126-k3f9x2';
const OTHER = 'run-20261125-zzzz99';
const ISSUE_BODY = `${runMarker(RUN)}\n## SOP deploy-frontend`;
const GITHUB_RUN_ID = '987654321';

const catalog: { name: string; triggers: Trigger[] }[] = [
  { name: 'nightly-backup', triggers: [{ type: 'cron', expression: '0  2 * * *' }] },
  {
    name: 'report',
    triggers: [
      { type: 'manual' },
      { type: 'cron', expression: '0 2 * * *' },
      { type: 'cron', expression: ' 0 2 *  * * ' },
    ],
  },
  { name: 'weekly', triggers: [{ type: 'cron', expression: '0 3 * * 1' }] },
  { name: 'deploy-frontend', triggers: [{ type: 'webhook', path: '/webhook/deploy' }] },
  { name: 'rotate-keys', triggers: [{ type: 'webhook', path: 'rotate' }] },
];

function inputs(values: Record<string, string> = {}): ActionInputs {
  return parseInputs((name) => values[name] ?? '');
}

/** Routing, then (for a schedule or a dispatch) matching the triggers of `catalog`, as main.ts does. */
function route(eventName: string, payload: unknown, withInputs: Record<string, string> = {}) {
  const routed = routeEvent({ eventName, payload, inputs: inputs(withInputs), runId: GITHUB_RUN_ID, actor: 'workflow-actor' });
  return routed.kind === 'match-triggers' ? matchTriggers(routed, catalog) : routed;
}

describe('routeEvent with an explicit command input', () => {
  const dispatch = workflowDispatchEvent({ inputs: {}, login: 'alice' });

  it('execute starts the named SOP manually, credited to the event sender', () => {
    expect(route('workflow_dispatch', dispatch, { command: 'execute', sop: 'report', payload: '{"v": 1}' })).toEqual({
      kind: 'execute',
      sops: ['report'],
      payload: { v: 1 },
      startedBy: 'alice',
      actor: { login: 'alice', type: 'User' },
      trigger: { type: 'manual' },
      sweepAfter: false,
    });
  });

  it('falls back to GITHUB_ACTOR when the event has no sender', () => {
    const req = route('schedule', scheduleEvent('0 2 * * *'), { command: 'execute', sop: 'report' });
    expect(req).toMatchObject({ kind: 'execute', startedBy: 'workflow-actor', actor: { login: 'workflow-actor', type: 'User' } });
  });

  it('uses the inputs, not the event, whatever the event is', () => {
    const comment = issueCommentEvent({ body: '/reject no', login: 'mallory', issueNumber: 4, issueBody: ISSUE_BODY });
    expect(route('issue_comment', comment, { command: 'approve', 'run-id': RUN })).toEqual({
      kind: 'command',
      command: 'approve',
      runId: RUN,
      issueNumber: null,
      actor: { login: 'mallory', type: 'User' },
      via: 'workflow_dispatch',
      ref: `dispatch:${GITHUB_RUN_ID}`,
      commentId: null,
      issuedAt: null,
    });
  });

  it('reject carries the reason; done and status need only the run id', () => {
    expect(route('workflow_dispatch', dispatch, { command: 'reject', 'run-id': RUN, reason: 'bad tag' })).toMatchObject({
      kind: 'command',
      command: 'reject',
      reason: 'bad tag',
    });
    expect(route('workflow_dispatch', dispatch, { command: 'done', 'run-id': RUN })).toMatchObject({ kind: 'command', command: 'done', runId: RUN });
    expect(route('workflow_dispatch', dispatch, { command: 'status', 'run-id': RUN })).toEqual({
      kind: 'status',
      runId: RUN,
      issueNumber: null,
      actor: { login: 'alice', type: 'User' },
      commentId: null,
      issuedAt: null,
    });
  });

  it.each(['list', 'validate', 'sweep'] as const)('%s needs nothing else', (command) => {
    expect(route('push', {}, { command })).toEqual({ kind: command });
  });

  it.each([
    [{ command: 'execute' }, /with: sop:/],
    [{ command: 'approve' }, /approve needs a run id: set with: run-id:/],
    [{ command: 'done' }, /with: run-id:/],
    [{ command: 'status' }, /with: run-id:/],
    [{ command: 'reject', 'run-id': RUN }, /reject needs a reason: set with: reason:/],
  ])('refuses %o with a message naming the missing input', (withInputs, message) => {
    expect(() => route('workflow_dispatch', dispatch, withInputs)).toThrow(message);
    expect(() => route('workflow_dispatch', dispatch, withInputs)).toThrow(UserError);
  });
});

describe('routeEvent: workflow_dispatch', () => {
  it('executes by default, with the dispatch payload parsed', () => {
    const event = workflowDispatchEvent({ inputs: { sop: 'report', payload: '{"version":"v1.2.3"}' }, login: 'alice' });
    expect(route('workflow_dispatch', event)).toEqual({
      kind: 'execute',
      sops: ['report'],
      payload: { version: 'v1.2.3' },
      startedBy: 'alice',
      actor: { login: 'alice', type: 'User' },
      trigger: { type: 'manual' },
      sweepAfter: false,
    });
  });

  it('approves with run-id, or run_id, referencing the workflow run', () => {
    for (const key of ['run-id', 'run_id']) {
      const event = workflowDispatchEvent({ inputs: { command: 'approve', [key]: RUN }, login: 'bob' });
      expect(route('workflow_dispatch', event)).toMatchObject({
        kind: 'command',
        command: 'approve',
        runId: RUN,
        via: 'workflow_dispatch',
        ref: `dispatch:${GITHUB_RUN_ID}`,
        actor: { login: 'bob', type: 'User' },
      });
    }
  });

  it('rejects with the reason given', () => {
    const event = workflowDispatchEvent({ inputs: { command: 'reject', 'run-id': RUN, reason: 'wrong tag' }, login: 'bob' });
    expect(route('workflow_dispatch', event)).toMatchObject({ kind: 'command', command: 'reject', reason: 'wrong tag' });
  });

  it('treats empty dispatch inputs as unset and falls back to with:', () => {
    const event = workflowDispatchEvent({ inputs: { sop: '', payload: '' }, login: 'alice' });
    expect(route('workflow_dispatch', event, { sop: 'weekly', payload: '{"a":true}' })).toMatchObject({
      kind: 'execute',
      sops: ['weekly'],
      payload: { a: true },
    });
  });

  it.each([
    [{ sop: 'report', payload: '{not json' }, /workflow_dispatch input "payload" is not valid JSON/],
    [{ sop: 'report', payload: '[1,2]' }, /workflow_dispatch input "payload" must be a JSON object, but it is an array/],
    [{ command: 'launch' }, /workflow_dispatch input "command" "launch" is not allowed; use one of execute, approve/],
    [{ command: 'approve', 'run-id': 'latest' }, /workflow_dispatch input "run-id" "latest" is not a run id/],
    [{ command: 'approve' }, /set workflow_dispatch input "run-id"/],
    [{ command: 'execute' }, /set workflow_dispatch input "sop"/],
    [{ sop: { nested: true } }, /workflow_dispatch input "sop" must be text/],
  ])('refuses dispatch inputs %o with a UserError', (dispatchInputs, message) => {
    const event = workflowDispatchEvent({ inputs: dispatchInputs, login: 'alice' });
    expect(() => route('workflow_dispatch', event)).toThrow(message);
    expect(() => route('workflow_dispatch', event)).toThrow(UserError);
  });

  it('refuses inputs that are not an object, and accepts missing inputs', () => {
    const event = { ...workflowDispatchEvent({ inputs: {}, login: 'alice' }), inputs: 'sop=report' };
    expect(() => route('workflow_dispatch', event)).toThrow(/"inputs" that are not an object/);
    const noInputs = { sender: { login: 'alice', type: 'User' } };
    expect(route('workflow_dispatch', noInputs, { sop: 'report' })).toMatchObject({ kind: 'execute', sops: ['report'], startedBy: 'alice' });
  });

  it('routes list, validate and sweep', () => {
    const event = workflowDispatchEvent({ inputs: { command: 'Sweep' }, login: 'alice' });
    expect(route('workflow_dispatch', event)).toEqual({ kind: 'sweep' });
  });
});

describe('routeEvent: schedule', () => {
  it('executes every SOP whose cron equals the schedule up to whitespace, then sweeps', () => {
    expect(route('schedule', scheduleEvent('0 2 * * *'))).toEqual({
      kind: 'execute',
      sops: ['nightly-backup', 'report'],
      payload: {},
      startedBy: 'schedule',
      actor: null,
      trigger: { type: 'cron', expression: '0 2 * * *' },
      sweepAfter: true,
    });
  });

  it('normalises the schedule that fired too', () => {
    expect(route('schedule', scheduleEvent('0 3 * *  1 '))).toMatchObject({ sops: ['weekly'], trigger: { type: 'cron', expression: '0 3 * * 1' } });
  });

  it('still sweeps when no SOP matches', () => {
    expect(route('schedule', scheduleEvent('*/5 * * * *'))).toMatchObject({ kind: 'execute', sops: [], sweepAfter: true });
  });

  it('sweeps when the schedule field is missing or not a string', () => {
    expect(route('schedule', {})).toEqual({ kind: 'sweep' });
    expect(route('schedule', { schedule: 5 })).toEqual({ kind: 'sweep' });
  });
});

describe('routeEvent: repository_dispatch', () => {
  it('executes sop:<name> with client_payload as payload', () => {
    const event = repositoryDispatchEvent({ eventType: 'sop:weekly', clientPayload: { day: 'mon' }, login: 'ci-bot' });
    expect(route('repository_dispatch', event)).toEqual({
      kind: 'execute',
      sops: ['weekly'],
      payload: { day: 'mon' },
      startedBy: 'ci-bot',
      actor: { login: 'ci-bot', type: 'User' },
      trigger: { type: 'webhook', event_type: 'sop:weekly' },
      sweepAfter: false,
    });
  });

  it('matches a webhook path equal to "/" + the type', () => {
    const event = repositoryDispatchEvent({ eventType: 'webhook/deploy', login: 'alice' });
    expect(route('repository_dispatch', event)).toMatchObject({ sops: ['deploy-frontend'], payload: {}, trigger: { event_type: 'webhook/deploy' } });
  });

  it('matches a webhook path equal to the type itself', () => {
    expect(route('repository_dispatch', repositoryDispatchEvent({ eventType: 'rotate', login: 'a' }))).toMatchObject({ sops: ['rotate-keys'] });
    expect(route('repository_dispatch', repositoryDispatchEvent({ eventType: '/webhook/deploy', login: 'a' }))).toMatchObject({
      sops: ['deploy-frontend'],
    });
  });

  it('accepts event_type when action is absent', () => {
    expect(route('repository_dispatch', { event_type: 'rotate', client_payload: { k: 1 } })).toMatchObject({
      kind: 'execute',
      sops: ['rotate-keys'],
      payload: { k: 1 },
      startedBy: 'workflow-actor',
    });
  });

  it('passes an unknown sop:<name> on, so the engine reports it', () => {
    expect(route('repository_dispatch', repositoryDispatchEvent({ eventType: 'sop:nope', login: 'a' }))).toMatchObject({ sops: ['nope'] });
  });

  it('ignores an unknown type, naming it', () => {
    const req = route('repository_dispatch', repositoryDispatchEvent({ eventType: 'build-done', login: 'a' }));
    expect(req).toEqual({ kind: 'ignore', reason: expect.stringContaining('"build-done"') });
  });

  it('refuses an empty sop: and a client_payload that is not an object', () => {
    expect(() => route('repository_dispatch', repositoryDispatchEvent({ eventType: 'sop:', login: 'a' }))).toThrow(/names no SOP/);
    const arrayPayload = { ...repositoryDispatchEvent({ eventType: 'sop:weekly', login: 'a' }), client_payload: [1, 2] };
    expect(() => route('repository_dispatch', arrayPayload)).toThrow(UserError);
    expect(() => route('repository_dispatch', arrayPayload)).toThrow(/client_payload must be a JSON object/);
  });
});

describe('routeEvent: issue_comment', () => {
  const comment = (body: string, extra: Partial<Parameters<typeof issueCommentEvent>[0]> = {}) =>
    issueCommentEvent({ body, login: 'bob', issueNumber: 42, issueBody: ISSUE_BODY, commentId: 777, ...extra });

  it('turns /approve into a command on the marker\'s run', () => {
    expect(route('issue_comment', comment('/approve'))).toEqual({
      kind: 'command',
      command: 'approve',
      runId: RUN,
      issueNumber: 42,
      actor: { login: 'bob', type: 'User' },
      via: 'issue_comment',
      ref: 'comment:777',
      comment: '/approve',
      commentId: 777,
      issuedAt: new Date(comment('/approve').comment.created_at).toISOString(),
    });
  });

  it('keeps the reason of /reject, and routes /reject without one', () => {
    expect(route('issue_comment', comment('/reject the tag is wrong'))).toMatchObject({ command: 'reject', reason: 'the tag is wrong' });
    const bare = route('issue_comment', comment('/reject'));
    expect(bare).toMatchObject({ kind: 'command', command: 'reject' });
    expect(bare).not.toHaveProperty('reason');
  });

  it('routes /done and /status', () => {
    expect(route('issue_comment', comment('  /DONE  '))).toMatchObject({ kind: 'command', command: 'done', comment: '/DONE' });
    expect(route('issue_comment', comment('/status'))).toEqual({
      kind: 'status',
      runId: RUN,
      issueNumber: 42,
      actor: { login: 'bob', type: 'User' },
      commentId: 777,
      issuedAt: new Date(comment('/status').comment.created_at).toISOString(),
    });
  });

  it('keeps the run id the marker names and records the one the comment gave', () => {
    expect(route('issue_comment', comment(`/approve ${OTHER}`))).toMatchObject({ runId: RUN, runIdGiven: OTHER });
    expect(route('issue_comment', comment(`/approve ${RUN}`))).toMatchObject({ runId: RUN, runIdGiven: RUN });
  });

  it('routes a bot comment with the bot type, for the eligibility check to drop', () => {
    expect(route('issue_comment', comment('/approve', { login: 'helper[bot]', userType: 'Bot' }))).toMatchObject({
      kind: 'command',
      actor: { login: 'helper[bot]', type: 'Bot' },
    });
  });

  it('routes a comment on an approval pull request that carries the marker, marked as from that PR', () => {
    expect(route('issue_comment', comment('/approve', { onPullRequest: true }))).toMatchObject({ kind: 'command', issueNumber: 42, pull: { number: 42 } });
    expect(route('issue_comment', comment('/approve'))).not.toHaveProperty('pull');
  });

  it('keeps at most 1,000 characters of the comment', () => {
    const req = route('issue_comment', comment(`/approve\n${'x'.repeat(2000)}`));
    expect(req.kind === 'command' && req.comment?.length).toBe(1000);
  });

  it.each([
    ['edited', 'comment edits and deletions are ignored'],
    ['deleted', 'comment edits and deletions are ignored'],
  ] as const)('ignores %s comments', (action, reason) => {
    expect(route('issue_comment', comment('/approve', { action }))).toEqual({ kind: 'ignore', reason });
  });

  it('ignores comments on unrelated issues and comments that are not commands', () => {
    expect(route('issue_comment', comment('/approve', { issueBody: 'just an issue' }))).toEqual({ kind: 'ignore', reason: 'not a sop-engine run issue' });
    expect(route('issue_comment', comment('/approve', { issueBody: null }))).toEqual({ kind: 'ignore', reason: 'not a sop-engine run issue' });
    expect(route('issue_comment', comment('LGTM, /approve'))).toEqual({ kind: 'ignore', reason: 'the comment is not a sop-engine command' });
  });
});

describe('routeEvent: issues', () => {
  it('a person closing a run\'s issue rejects the pending gate', () => {
    const event = issuesClosedEvent({ login: 'carol', issueNumber: 42, issueBody: ISSUE_BODY, closedAt: '2026-11-26T11:00:00Z' });
    expect(route('issues', event)).toEqual({
      kind: 'command',
      command: 'reject',
      runId: RUN,
      issueNumber: 42,
      actor: { login: 'carol', type: 'User' },
      via: 'issues',
      ref: 'issue-closed:42:2026-11-26T11:00:00Z',
      reason: 'issue closed by carol',
      commentId: null,
      issuedAt: '2026-11-26T11:00:00.000Z',
    });
  });

  it('falls back to updated_at for the ref', () => {
    const closed = issuesClosedEvent({ login: 'carol', issueNumber: 42, issueBody: ISSUE_BODY });
    const event = { ...closed, issue: { ...closed.issue, closed_at: null, updated_at: '2026-11-27T00:00:00Z' } };
    expect(route('issues', event)).toMatchObject({ ref: 'issue-closed:42:2026-11-27T00:00:00Z' });
  });

  it('ignores bots closing, other actions, and issues without the marker', () => {
    expect(route('issues', issuesClosedEvent({ login: 'sop[bot]', userType: 'Bot', issueNumber: 4, issueBody: ISSUE_BODY }))).toMatchObject({ kind: 'ignore' });
    const reopened = { ...issuesClosedEvent({ login: 'carol', issueNumber: 4, issueBody: ISSUE_BODY }), action: 'reopened' };
    expect(route('issues', reopened)).toMatchObject({ kind: 'ignore' });
    expect(route('issues', issuesClosedEvent({ login: 'carol', issueNumber: 4, issueBody: 'hello' }))).toEqual({
      kind: 'ignore',
      reason: 'not a sop-engine run issue',
    });
  });
});

describe('routeEvent: pull_request_review', () => {
  const review = (state: 'approved' | 'changes_requested' | 'commented', body: string | null, extra: Partial<Parameters<typeof pullRequestReviewEvent>[0]> = {}) => {
    const e = pullRequestReviewEvent({ state, body, login: 'bob', pullNumber: 9, pullBody: ISSUE_BODY, reviewId: 555, ...extra });
    return { ...e, review: { ...e.review, submitted_at: '2026-11-26T09:30:00Z' } };
  };

  it('an approved review approves, with the review id as ref, its time and the PR as the example delivered it', () => {
    expect(route('pull_request_review', review('approved', 'LGTM'))).toEqual({
      kind: 'command',
      command: 'approve',
      runId: RUN,
      issueNumber: 9,
      actor: { login: 'bob', type: 'User' },
      via: 'pull_request_review',
      ref: 'review:555',
      commentId: null,
      comment: 'LGTM',
      issuedAt: '2026-11-26T09:30:00.000Z',
      pull: { number: 9, headRef: 'changes', headSha: expect.any(String), baseRef: 'master', reviewId: 555, reviewApproved: true },
    });
  });

  it('changes requested rejects with the review text as reason, or a default when it is empty', () => {
    expect(route('pull_request_review', review('changes_requested', 'use v2'))).toMatchObject({ command: 'reject', reason: 'use v2' });
    expect(route('pull_request_review', review('changes_requested', null))).toMatchObject({ command: 'reject', reason: 'changes requested by bob in a review' });
  });

  it('a commented review takes the comment commands, and is ignored when it has none', () => {
    expect(route('pull_request_review', review('commented', '/reject not now'))).toMatchObject({ command: 'reject', reason: 'not now', ref: 'review:555' });
    expect(route('pull_request_review', review('commented', `/approve ${OTHER}`))).toMatchObject({ command: 'approve', runIdGiven: OTHER });
    expect(route('pull_request_review', review('commented', 'nice'))).toEqual({ kind: 'ignore', reason: 'the review comment is not a sop-engine command' });
    expect(route('pull_request_review', review('commented', '/status'))).toMatchObject({ kind: 'status', runId: RUN, issueNumber: 9 });
  });

  it('ignores reviews on PRs without a run marker, and dismissed or edited reviews', () => {
    expect(route('pull_request_review', review('approved', null, { pullBody: 'a feature' }))).toEqual({ kind: 'ignore', reason: 'not a sop-engine approval pull request' });
    expect(route('pull_request_review', { ...review('approved', null), action: 'dismissed' })).toMatchObject({ kind: 'ignore' });
    expect(route('pull_request_review', { ...review('approved', null), action: 'edited' })).toMatchObject({ kind: 'ignore' });
  });
});

describe('routeEvent: pull_request', () => {
  const closed = (opts: Partial<Parameters<typeof pullRequestClosedEvent>[0]> = {}) =>
    pullRequestClosedEvent({ login: 'bob', pullNumber: 9, pullBody: ISSUE_BODY, closedAt: '2026-11-26T10:00:00Z', ...opts });

  it('closing an approval PR unmerged is a rejection by the person who closed it', () => {
    expect(route('pull_request', closed())).toMatchObject({
      kind: 'command',
      command: 'reject',
      runId: RUN,
      issueNumber: 9,
      actor: { login: 'bob', type: 'User' },
      via: 'pull_request',
      ref: 'pull-closed:9:2026-11-26T10:00:00.000Z',
      issuedAt: '2026-11-26T10:00:00.000Z',
      reason: 'pull request #9 closed by bob',
      pull: { number: 9 },
    });
  });

  it('ignores a merge, a bot\'s close (the engine closes decided PRs itself), other actions and unrelated PRs', () => {
    expect(route('pull_request', closed({ merged: true }))).toMatchObject({ kind: 'ignore', reason: expect.stringContaining('merging decides nothing') });
    expect(route('pull_request', closed({ login: 'github-actions[bot]', userType: 'Bot' }))).toMatchObject({ kind: 'ignore' });
    expect(route('pull_request', { ...closed(), action: 'synchronize' })).toMatchObject({ kind: 'ignore' });
    expect(route('pull_request', closed({ pullBody: 'a feature' }))).toMatchObject({ kind: 'ignore' });
  });
});

describe('routeEvent: other events', () => {
  it('ignores events it does not act on, naming them', () => {
    expect(route('push', { ref: 'refs/heads/main' })).toEqual({ kind: 'ignore', reason: 'event push is not one sop-engine acts on' });
  });
});

describe('routeEvent: malformed payloads never throw a TypeError', () => {
  const marked = { number: 3, body: ISSUE_BODY };
  const user = { login: 'bob', type: 'User' };
  it.each<[string, string, unknown]>([
    ['non-object payload', 'issue_comment', null],
    ['array payload', 'issues', [1, 2]],
    ['string payload', 'repository_dispatch', 'sop:weekly'],
    ['missing issue', 'issue_comment', { action: 'created', comment: { id: 1, body: '/approve', user } }],
    ['issue not an object', 'issue_comment', { action: 'created', issue: 5, comment: { id: 1, body: '/approve', user } }],
    ['issue number a string', 'issue_comment', { action: 'created', issue: { ...marked, number: '3' }, comment: { id: 1, body: '/approve', user } }],
    ['issue body a number', 'issue_comment', { action: 'created', issue: { number: 3, body: 7 }, comment: { id: 1, body: '/approve', user } }],
    ['missing comment', 'issue_comment', { action: 'created', issue: marked }],
    ['comment body not a string', 'issue_comment', { action: 'created', issue: marked, comment: { id: 1, body: ['/approve'], user } }],
    ['comment id missing', 'issue_comment', { action: 'created', issue: marked, comment: { body: '/approve', user } }],
    ['comment user missing', 'issue_comment', { action: 'created', issue: marked, comment: { id: 1, body: '/approve' } }],
    ['comment user without type', 'issue_comment', { action: 'created', issue: marked, comment: { id: 1, body: '/approve', user: { login: 'bob' } } }],
    ['action missing', 'issue_comment', { issue: marked, comment: { id: 1, body: '/approve', user } }],
    ['issues without sender', 'issues', { action: 'closed', issue: marked }],
    ['issues with sender a string', 'issues', { action: 'closed', issue: marked, sender: 'bob' }],
    ['dispatch type a number', 'repository_dispatch', { action: 42, client_payload: {} }],
  ])('%s is ignored', (_label, eventName, payload) => {
    expect(route(eventName, payload)).toMatchObject({ kind: 'ignore', reason: expect.any(String) });
  });

  it('a dispatch that is clearly ours but broken is a UserError', () => {
    const bad = { action: 'sop:weekly', client_payload: 'x=1' };
    expect(() => route('repository_dispatch', bad)).toThrow(UserError);
  });
});
