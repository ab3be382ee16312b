// End to end through the built Action: nothing on the state branch is believed without checking (SPEC 4).
// Each test is an attack by someone who can push to sop-state; in each, the gated step never runs.
import { describe, expect, it } from 'vitest';
import { appendEvents } from '../../src/audit/chain.js';
import { decide } from '../../src/engine/decide.js';
import { parseSop } from '../../src/sop/parse.js';
import { commentEvent, dispatchEvent, readOriginState } from '../support/action-harness.js';
import { editOriginState, pushToStateBranch, runPaths } from '../support/forge.js';
import { sopFile, TWO_OF_THREE } from './sops.js';
import { shown, world } from './world.js';

const GATED = sopFile({ name: 'gated', mode: 'supervised', steps: [{ title: 'Deploy', code: 'echo "GATED-STEP-RAN"' }] });

describe('a forged state branch never runs a step', () => {
  it('an approval added to state.json does not count', async () => {
    const w = await world({ 'two-of-three': TWO_OF_THREE });
    const started = await w.reach(dispatchEvent({ sop: 'two-of-three' }, 'alice'));
    const runId = started.outputs['run-id'] ?? '';
    const issue = Number(started.outputs['issue-number']);
    // mallory writes carol's approval into the state; dave's real one would make two.
    await editOriginState(w.repo, runId, (state) => {
      (state['approvals'] as unknown[]).push({ step: 1, wait: 1, by: 'carol', decision: 'approve', at: w.fake.tick(), via: 'issue_comment', ref: 'comment:424242' });
    });
    const r = await w.run(commentEvent(w.fake, issue, { login: 'dave', body: '/approve' }));
    expect(r.stdout).not.toContain('two-of-three step ran');
    expect(r.stdout + r.stderr).toContain(`sop verify ${runId}`);
    expect((await readOriginState(w.repo, runId))?.state.status).not.toBe('completed');
  });

  it('a changed started_by does not let the starter approve their own run', async () => {
    const w = await world({ gated: GATED });
    const started = await w.reach(dispatchEvent({ sop: 'gated' }, 'alice'));
    const runId = started.outputs['run-id'] ?? '';
    const issue = Number(started.outputs['issue-number']);
    await editOriginState(w.repo, runId, (state) => {
      state['started_by'] = 'mallory';
    });
    const r = await w.run(commentEvent(w.fake, issue, { login: 'alice', body: '/approve' }));
    expect(r.stdout).not.toContain('GATED-STEP-RAN');
    expect(r.stdout + r.stderr).toContain(`sop verify ${runId}`);
  });

  it('an invented run, chained correctly, whose SOP text is on no branch never runs', async () => {
    const w = await world({ gated: GATED });
    // A real run gives the attacker the layout to copy.
    const real = await w.reach(dispatchEvent({ sop: 'gated' }, 'alice'));
    const realId = real.outputs['run-id'] ?? '';
    const fakeId = `${realId.slice(0, 'run-YYYYMMDD-'.length)}evil00`;
    const text = sopFile({ name: 'gated', mode: 'supervised', steps: [{ title: 'Deploy', code: 'echo "INVENTED-STEP-RAN"' }] });
    const parsed = parseSop('sops/gated.md', text);
    if (!parsed.ok) throw new Error('the invented SOP does not parse');
    const at = w.fake.tick();
    const decided = decide(parsed.sop, null, {
      type: 'start',
      run_id: fakeId,
      sop: parsed.sop,
      sop_source: text,
      payload: {},
      started_by: 'alice',
      trigger: { type: 'manual' },
      at,
      commit: await w.repo.mainSha(),
    });
    if (!decided.ok) throw new Error(decided.error);
    const audit = appendEvents(null, fakeId, decided.audit);
    const paths = await runPaths(w.repo, realId);
    await pushToStateBranch(w.repo, {
      [paths.state.replace(realId, fakeId)]: `${JSON.stringify(decided.state, null, 2)}\n`,
      [paths.audit.replace(realId, fakeId)]: `${JSON.stringify(audit, null, 2)}\n`,
    });
    const r = await w.run(dispatchEvent({ command: 'approve', 'run-id': fakeId }, 'bob'));
    expect(r.stdout, shown(r)).not.toContain('INVENTED-STEP-RAN');
    expect(r.code).toBe(1);
  });
});
