// End to end through the built Action: schedule (cron SOPs and the timeout sweep), repository_dispatch, and events that are not ours.
import { describe, expect, it } from 'vitest';
import { commentEvent, dispatchEvent, originRunIds, readOriginState, verifyOrigin } from '../support/action-harness.js';
import { repositoryDispatchEvent, scheduleEvent } from '../support/events.js';
import { DEPLOY, HASTY, HOOK, NIGHTLY } from './sops.js';
import { shown, world } from './world.js';

describe('schedule', () => {
  it('runs the cron SOP to completion without an issue, and sweeps a gate past its timeout', async () => {
    const w = await world({ nightly: NIGHTLY, hasty: HASTY });
    const gated = await w.run(dispatchEvent({ sop: 'hasty' }, 'alice'));
    expect(gated.code, shown(gated)).toBe(0);
    const hastyId = gated.outputs['run-id'] ?? '';
    const issue = Number(gated.outputs['issue-number']);
    const waiting = await readOriginState(w.repo, hastyId);
    expect(waiting?.state.status).toBe('pending_approval');
    // approval.timeout is 1s: the schedule's workflow run happens 2 s after the gate opened (its clock is
    // injected, nothing sleeps), so its sweep ends the gate.
    const later = new Date(Date.parse(waiting?.state.wait?.opened_at ?? '') + 2000).toISOString();
    const r = await w.run({ name: 'schedule', payload: scheduleEvent('0  2 * * *') }, { at: later });
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout).toContain('nightly backup by nightly');
    const ids = await originRunIds(w.repo);
    expect(ids).toHaveLength(2);
    const nightlyId = ids.find((id) => id !== hastyId) ?? '';
    const nightly = await readOriginState(w.repo, nightlyId);
    expect(nightly?.state).toMatchObject({
      status: 'completed',
      started_by: 'schedule',
      trigger: { type: 'cron', expression: '0 2 * * *' },
    });
    expect(nightly?.state.channel).toBeUndefined();
    // Only the hasty run ever had an issue.
    expect(w.fake.issue(issue + 1)).toBeUndefined();

    const swept = await readOriginState(w.repo, hastyId);
    expect(swept?.state.status).toBe('timed_out');
    expect(w.fake.issue(issue)?.state).toBe('closed');
    expect(w.fake.comments(issue).at(-1)?.body).toContain('**timed out**');
    expect(r.stdout).toContain(`Run ${hastyId} timed out`);
    expect(await verifyOrigin(w.repo)).toEqual({ runs: 2, problems: [] });
  });

  it('a schedule that matches no SOP runs nothing and leaves a gate inside its timeout alone', async () => {
    const w = await world({ nightly: NIGHTLY, deploy: DEPLOY });
    const gated = await w.run(dispatchEvent({ sop: 'deploy' }, 'alice'));
    const deployId = gated.outputs['run-id'] ?? '';
    const before = await w.repo.stateTip();
    const r = await w.run({ name: 'schedule', payload: scheduleEvent('30 4 * * 1') });
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout).not.toContain('nightly backup');
    expect(await w.repo.stateTip()).toBe(before);
    expect((await readOriginState(w.repo, deployId))?.state.status).toBe('pending_approval');
    expect(w.fake.issue(1)?.state).toBe('open');
  });
});

describe('repository_dispatch', () => {
  it('event type sop:<name> starts that SOP with client_payload as SOP_PAYLOAD_*', async () => {
    const w = await world({ hook: HOOK });
    const r = await w.run({
      name: 'repository_dispatch',
      payload: repositoryDispatchEvent({ eventType: 'sop:hook', clientPayload: { version: 'v9.9.9', dry_run: true }, login: 'deployer' }),
    });
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout).toContain('version=v9.9.9 dry=true started_by=deployer');
    const run = await readOriginState(w.repo, r.outputs['run-id'] ?? '');
    expect(run?.state).toMatchObject({
      status: 'completed',
      started_by: 'deployer',
      payload: { version: 'v9.9.9', dry_run: true },
      trigger: { type: 'webhook', event_type: 'sop:hook' },
    });
  });

  it('an event type equal to a webhook trigger path (without the slash) starts that SOP', async () => {
    const w = await world({ hook: HOOK });
    const r = await w.run({
      name: 'repository_dispatch',
      payload: repositoryDispatchEvent({ eventType: 'deploy-hook', clientPayload: { version: 'v2.0.0' }, login: 'deployer' }),
    });
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout).toContain('version=v2.0.0 dry= started_by=deployer');
    const run = await readOriginState(w.repo, r.outputs['run-id'] ?? '');
    expect(run?.state.trigger).toEqual({ type: 'webhook', event_type: 'deploy-hook' });
  });

  it('an unknown SOP name fails the workflow run and says which SOPs exist', async () => {
    const w = await world({ hook: HOOK });
    const r = await w.run({ name: 'repository_dispatch', payload: repositoryDispatchEvent({ eventType: 'sop:nope', login: 'deployer' }) });
    expect(r.code, shown(r)).toBe(1);
    expect(r.stdout).toMatch(/::error::sop-engine: .*nope/);
    expect(r.stdout).toContain('hook');
    expect(await w.repo.stateTip()).toBeNull();
  });
});

describe('events that are not ours', () => {
  it('a push event ends successfully with a one-line notice', async () => {
    const w = await world({ hook: HOOK });
    const r = await w.run({ name: 'push', payload: { ref: 'refs/heads/main', sender: { login: 'alice', type: 'User' } } });
    expect(r.code, shown(r)).toBe(0);
    const notices = r.stdout.split('\n').filter((l) => l.startsWith('::notice::'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('push');
    expect(w.fake.requests).toEqual([]);
    expect(await w.repo.stateTip()).toBeNull();
  });

  it('an issue comment that is not a command ends successfully with a notice and no API call', async () => {
    const w = await world({ hook: HOOK });
    const plain = w.fake.addIssue({ login: 'zed', title: 'a question', body: 'how do I deploy?' });
    const r = await w.run(commentEvent(w.fake, plain.number, { login: 'bob', body: 'thanks, that helped' }));
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::notice::'))).toHaveLength(1);
    expect(r.stdout).toContain('not a sop-engine');
    expect(w.fake.requests).toEqual([]);
  });
});
