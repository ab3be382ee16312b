// Every `sop` command as a user sees it (SPEC 6), over both state stores: exit status, stdout and stderr.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempRepos } from '../support/git.js';
import { auditPath, statePath } from '../../src/store/run-layout.js';
import { commitOnStateBranch, makeHarness, readStateFile, sopText, step, type StoreKind } from './harness.js';

afterAll(cleanupTempRepos);

const NO_STACK = /\n\s+at .*\(|\bat file:\/\//;

describe.each<StoreKind>(['git', 'dir'])('sop commands with %s state', (kind) => {
  it('execute runs an auto SOP to completion, carrying outputs between steps', async () => {
    const { h } = await makeHarness(kind);
    const r = await h.start(['auto-ok', '--payload', '{"version":"v1.2"}']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.runId).toMatch(/^run-20261126-[a-z0-9]{6,}$/);
    expect(r.stdout).toContain(`Run ${r.runId} of auto-ok, started by alice (auto)`);
    // The run is announced before step 1 starts.
    expect(r.stdout.indexOf(`Run ${r.runId}`)).toBeLessThan(r.stdout.indexOf('Step 1/2: Produce'));
    expect(r.stdout).toContain('consumed dist-v1.2.tgz');
    expect(r.stdout).toContain(`${r.runId} completed`);
    const state = await h.state(r.runId);
    expect(state).toMatchObject({ status: 'completed', started_by: 'alice', outputs: { '1': { artifact: 'dist-v1.2.tgz' } } });
  });

  it('execute of a supervised SOP waits and tells the next command', async () => {
    const { h } = await makeHarness(kind);
    const r = await h.start(['gated']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`sop approve ${r.runId}`);
    expect(r.stdout).toContain(`sop reject ${r.runId} --reason`);
    expect(r.stdout).not.toContain('building for');
    expect(await h.state(r.runId)).toMatchObject({ status: 'pending_approval', waiting_for: 'approval', current_step: 1 });
  });

  it('a failing step fails the run with exit 1', async () => {
    const { h } = await makeHarness(kind);
    const r = await h.start(['failing']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('about to fail');
    expect(r.stdout).toContain(`sop logs ${r.runId} --step 2`);
    expect(r.stderr).toContain(`${r.runId} failed`);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(await h.state(r.runId)).toMatchObject({ status: 'failed', current_step: 2 });
  });

  it('an unknown SOP is exit 1 with a did-you-mean', async () => {
    const { h } = await makeHarness(kind);
    const r = await h.run(['execute', 'gatd']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/did you mean "gated"/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('bad --payload JSON, a non-object payload, and a payload failing inputs: exit 1, no run created', async () => {
    const { h } = await makeHarness(kind);
    const bad = await h.run(['execute', 'typed', '--payload', '{version: v1}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^sop: --payload is not valid JSON/);
    const arr = await h.run(['execute', 'typed', '--payload', '[1]']);
    expect(arr.code).toBe(1);
    expect(arr.stderr).toContain('must be a JSON object');
    const missing = await h.run(['execute', 'typed']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('"version" is required');
    const pattern = await h.run(['execute', 'typed', '--payload', '{"version":"1.0"}']);
    expect(pattern.code).toBe(1);
    expect(pattern.stderr).toContain('version');
    const runs = await h.ok(['runs', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual([]);
    const good = await h.start(['typed', '--payload', '{"version":"v2.0"}']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('version v2.0');
  });

  it('approve: self-approval is refused in words, another user runs the steps', async () => {
    const { h, repo, stateDir } = await makeHarness(kind);
    const { runId } = await h.start(['gated']);
    const self = await h.run(['approve', runId]);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/^refused: you started this run and self-approval is off \(approval\.allow_self_approval: false\): /);
    expect(self.stderr).not.toMatch(/rule \d/);
    expect(await h.state(runId)).toMatchObject({ status: 'pending_approval' });
    const bob = await h.run(['approve', runId, '--as', 'bob', '--comment', 'looks good']);
    expect(bob.stderr).toBe('');
    expect(bob.code).toBe(0);
    expect(bob.stdout).toContain('Approved by bob.');
    expect(bob.stdout).toContain(`building for ${runId}`);
    expect(bob.stdout).toContain('shipped');
    const state = await h.state(runId);
    expect(state).toMatchObject({ status: 'completed' });
    expect(state['approvals']).toEqual([expect.objectContaining({ step: 1, by: 'bob', decision: 'approve', via: 'cli', comment: 'looks good' })]);
    const audit = JSON.parse(await readStateFile(repo, stateDir, auditPath(runId))) as { events: { type: string; details: { rule?: unknown } }[] };
    expect(audit.events.find((e) => e.type === 'command_refused')?.details.rule).toBe(4);
  });

  it('min_approvals 2 needs two distinct approvers', async () => {
    const { h } = await makeHarness(kind);
    const { runId } = await h.start(['two-approvers']);
    const first = await h.run(['approve', runId, '--as', 'bob']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('1 of 2: bob');
    expect(first.stdout).not.toContain('released');
    const again = await h.run(['approve', runId, '--as', 'bob']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^refused: the run is not waiting for this command: bob already approved step 1/);
    const second = await h.run(['approve', runId, '--as', 'carol']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('released');
    expect(await h.state(runId)).toMatchObject({ status: 'completed' });
  });

  it('reject needs --reason, then ends the run as rejected with exit 0', async () => {
    const { h } = await makeHarness(kind);
    const { runId } = await h.start(['gated']);
    const doneOnGate = await h.run(['done', runId, '--as', 'bob']);
    expect(doneOnGate.code).toBe(1);
    expect(doneOnGate.stderr).toMatch(/^refused: the run is not waiting for this command: .*approve/);
    const noReason = await h.run(['reject', runId, '--as', 'bob']);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('--reason');
    const r = await h.run(['reject', runId, '--as', 'bob', '--reason', 'wrong branch']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Rejected by bob.');
    expect(r.stdout).toContain('wrong branch');
    expect(await h.state(runId)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('wrong branch') });
    const late = await h.run(['approve', runId, '--as', 'carol']);
    expect(late.code).toBe(1);
  });

  it('done confirms a manual step; status says confirmed by', async () => {
    const { h } = await makeHarness(kind);
    const r = await h.start(['manual']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('prepared');
    expect(r.stdout).toContain(`sop done ${r.runId}`);
    expect(await h.state(r.runId)).toMatchObject({ status: 'pending_approval', waiting_for: 'confirmation', current_step: 2 });
    const done = await h.run(['done', r.runId]);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Confirmed by alice.');
    expect(done.stdout).toContain('finished');
    expect(await h.state(r.runId)).toMatchObject({ status: 'completed' });
    const again = await h.run(['done', r.runId]);
    expect(again.code).toBe(1);
    const status = await h.ok(['status', r.runId]);
    expect(status.stdout).toMatch(/2\. Check the dashboard\s+completed \(confirmed by alice\)/);
    expect(status.stdout).not.toMatch(/Check the dashboard.*approved by/);
  });

  it('approve never confirms a manual step: it is refused (exit 1), naming sop done', async () => {
    const { h } = await makeHarness(kind);
    const { runId } = await h.start(['manual']);
    const r = await h.run(['approve', runId, '--as', 'bob']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('confirm it with sop done');
    expect(await h.state(runId)).toMatchObject({ status: 'pending_approval', waiting_for: 'confirmation' });
    const done = await h.run(['done', runId, '--as', 'bob']);
    expect(done.code).toBe(0);
    expect(await h.state(runId)).toMatchObject({ status: 'completed' });
  });

  it('status: human text and --json equal to the state file', async () => {
    const { h, repo, stateDir } = await makeHarness(kind);
    const { runId } = await h.start(['gated']);
    const human = await h.ok(['status', runId]);
    expect(human.stdout).toContain(`Run:      ${runId}`);
    expect(human.stdout).toContain('Status:   pending_approval (waiting for approval)');
    expect(human.stdout).toContain('Started:  2026-11-26T09:00:00.000Z by alice');
    expect(human.stdout).toMatch(/1\. Build\s+waiting for approval/);
    expect(human.stdout).toContain(`sop approve ${runId}`);
    const json = await h.ok(['status', runId, '--json']);
    const file = await readStateFile(repo, stateDir, statePath(runId));
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(file));
    const unknown = await h.run(['status', 'run-20261126-zzzzzz']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown run run-20261126-zzzzzz');
  });

  it('runs lists runs with --sop and --status filters, --json, and rejects a bad --status', async () => {
    const { h } = await makeHarness(kind);
    const a = await h.start(['auto-ok']);
    h.clock.advance(1000);
    const g = await h.start(['gated']);
    h.clock.advance(1000);
    const f = await h.start(['failing']);
    const table = await h.ok(['runs']);
    expect(table.stdout.split('\n')[0]).toMatch(/^RUN\s+SOP\s+STATUS\s+STEP\s+BY\s+STARTED$/);
    for (const id of [a.runId, g.runId, f.runId]) expect(table.stdout).toContain(id);
    const json = JSON.parse((await h.ok(['runs', '--json'])).stdout) as { run_id: string; status: string; sop_name: string }[];
    expect(json.map((r) => [r.run_id, r.sop_name, r.status])).toEqual([
      [a.runId, 'auto-ok', 'completed'],
      [g.runId, 'gated', 'pending_approval'],
      [f.runId, 'failing', 'failed'],
    ]);
    const bySop = JSON.parse((await h.ok(['runs', '--sop', 'gated', '--json'])).stdout) as { run_id: string }[];
    expect(bySop.map((r) => r.run_id)).toEqual([g.runId]);
    const byStatus = await h.ok(['runs', '--status', 'failed']);
    expect(byStatus.stdout).toContain(f.runId);
    expect(byStatus.stdout).not.toContain(a.runId);
    const noMatch = await h.ok(['runs', '--sop', 'manual']);
    expect(noMatch.stdout).toContain('No runs match --sop manual (3 run(s)');
    const bad = await h.run(['runs', '--status', 'done']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--status must be one of .*pending_approval/);
  });

  it('logs shows the whole log or one step; an unknown step is exit 1', async () => {
    const { h } = await makeHarness(kind);
    const { runId } = await h.start(['failing']);
    const all = await h.ok(['logs', runId]);
    expect(all.stdout).toContain('fine');
    expect(all.stdout).toContain('about to fail');
    const two = await h.ok(['logs', runId, '--step', '2']);
    expect(two.stdout).toMatch(/===== step 2: Broken \(exit code 3/);
    expect(two.stdout).toContain('about to fail');
    expect(two.stdout).not.toMatch(/\bfine\b/);
    const none = await h.run(['logs', runId, '--step', '7']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no output for step 7');
    const notNumber = await h.run(['logs', runId, '--step', 'two']);
    expect(notNumber.code).toBe(1);
    expect(notNumber.stderr).toContain('--step takes a step number');
  });

  it('verify: clean is exit 0; an edited audit event is exit 1 naming the event', async () => {
    const { h, repo, stateDir } = await makeHarness(kind);
    const a = await h.start(['auto-ok']);
    const b = await h.start(['gated']);
    const clean = await h.run(['verify']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`ok       ${a.runId}`);
    expect(clean.stdout).toContain('2 of 2 run(s) verified');
    const rel = auditPath(a.runId);
    const audit = JSON.parse(await readStateFile(repo, stateDir, rel)) as { events: { seq: number; actor: string }[] };
    const target = audit.events[1];
    if (!target) throw new Error('expected at least two events');
    target.actor = 'mallory';
    const edited = `${JSON.stringify(audit, null, 2)}\n`;
    if (stateDir) await fs.writeFile(path.join(stateDir, rel), edited);
    else await commitOnStateBranch(repo, rel, edited);
    const bad = await h.run(['verify']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`TAMPERED ${a.runId}: .*event ${target.seq}\\b`));
    expect(bad.stdout).toContain(`ok       ${b.runId}`);
    expect(bad.stderr).toContain('audit chain check failed for 1 run(s)');
    const one = await h.run(['verify', b.runId]);
    expect(one.code).toBe(0);
    const unknown = await h.run(['verify', 'run-20261126-nothere']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown run run-20261126-nothere');
    expect(unknown.stdout).not.toContain('TAMPERED');
  });

  it('sweep ends a gate past approval.timeout as timed_out and exits 0', async () => {
    const { h } = await makeHarness(kind);
    const { runId } = await h.start(['gated']);
    const early = await h.ok(['sweep']);
    expect(early.stdout).toContain('0 run(s) timed out');
    h.clock.advance(2000);
    const late = await h.run(['sweep']);
    expect(late.code).toBe(0);
    expect(late.stdout).toContain(`${runId} timed out`);
    expect(late.stdout).toContain('1 run(s) timed out');
    expect(await h.state(runId)).toMatchObject({ status: 'timed_out' });
    const approve = await h.run(['approve', runId, '--as', 'bob']);
    expect(approve.code).toBe(1);
  });
});

describe('sop list and validate', () => {
  const bad = sopText('name: Bad Name\ndescription: broken', [step(1, 'One', 'echo 1')]);
  const gap = sopText('name: gap\ndescription: step gap', [step(1, 'One', 'echo 1'), step(3, 'Three', 'echo 3')]);

  it('list shows a table of good SOPs and names bad files on stderr', async () => {
    const { h } = await makeHarness('dir', {
      'sops/auto-ok.md': sopText('name: auto-ok\ndescription: Runs two steps\nexecution_mode: auto', [step(1, 'A', 'echo a')]),
      'sops/nested/gated.md': sopText('name: gated\ndescription: Gated one\npriority: high', [step(1, 'A', 'echo a')]),
      'sops/bad.md': bad,
      'sops/README.md': '# not an SOP\n',
    });
    const r = await h.run(['list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+MODE\s+PRIORITY\s+STEPS\s+TRIGGERS\s+DESCRIPTION$/);
    expect(r.stdout).toMatch(/auto-ok\s+auto\s+normal\s+1\s+manual\s+Runs two steps/);
    expect(r.stdout).toMatch(/gated\s+supervised\s+high\s+1\s+manual\s+Gated one/);
    expect(r.stdout).not.toContain('Bad Name');
    expect(r.stderr).toContain('sops/bad.md');
    expect(r.stderr).toContain('sop validate');
    expect(r.stderr).not.toContain('README');
  });

  it('list --json has sops and errors', async () => {
    const { h } = await makeHarness('dir', {
      'sops/auto-ok.md': sopText('name: auto-ok\ndescription: Runs two steps\nexecution_mode: auto', [step(1, 'A', 'echo a'), step(2, 'B (requires approval)', 'echo b')]),
      'sops/bad.md': bad,
    });
    const r = await h.run(['list', '--json']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { sops: Record<string, unknown>[]; errors: { file: string; line: number; column: number; message: string }[] };
    expect(parsed.sops).toEqual([
      expect.objectContaining({ name: 'auto-ok', description: 'Runs two steps', path: 'sops/auto-ok.md', execution_mode: 'auto', priority: 'normal', steps: 2, gates: [2], manual_steps: [] }),
    ]);
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number), message: expect.any(String) });
    expect(JSON.stringify(parsed.errors)).toContain('bad.md');
  });

  it('validate: exit 1 with file:line:col for bad files (paths and folders), exit 0 when clean, no stack traces', async () => {
    const { h } = await makeHarness('dir', {
      'sops/good.md': sopText('name: good\ndescription: fine', [step(1, 'A', 'echo a')]),
      'sops/bad.md': bad,
      'more/gap.md': gap,
      'more/empty.md': '',
    });
    const all = await h.run(['validate']);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/sops\/bad\.md:\d+:\d+/);
    expect(all.stdout + all.stderr).not.toMatch(NO_STACK);
    const folder = await h.run(['validate', 'more']);
    expect(folder.code).toBe(1);
    expect(folder.stdout).toMatch(/more\/gap\.md:\d+:\d+/);
    expect(folder.stdout).toMatch(/more\/empty\.md:1:1/);
    const file = await h.run(['validate', 'sops/good.md']);
    expect(file.code).toBe(0);
    expect(file.stdout).toContain('1 SOP file(s) OK');
    const missing = await h.run(['validate', 'nope.md']);
    expect(missing.code).toBe(1);
    expect(missing.stdout + missing.stderr).toContain('nope.md');
    expect(missing.stdout + missing.stderr).not.toMatch(NO_STACK);
  });

  it('validate: approvers: [codeowners] needs a CODEOWNERS file that owns the SOP', async () => {
    const owned = sopText('name: owned\ndescription: owned by CODEOWNERS\napproval:\n  approvers: [codeowners]', [step(1, 'A', 'echo a')]);
    const { h, repo } = await makeHarness('dir', { 'sops/owned.md': owned });
    const missing = await h.run(['validate']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('sops/owned.md:1:1');
    expect(missing.stdout).toContain('no CODEOWNERS file (looked in .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS)');
    await fs.mkdir(path.join(repo.dir, '.github'), { recursive: true });
    await fs.writeFile(path.join(repo.dir, '.github/CODEOWNERS'), '/scripts/ @carol\n');
    const unowned = await h.run(['validate']);
    expect(unowned.code).toBe(1);
    expect(unowned.stdout).toContain('no pattern in .github/CODEOWNERS matches sops/owned.md');
    await fs.writeFile(path.join(repo.dir, '.github/CODEOWNERS'), '/scripts/ @carol\n/sops/ @carol @acme/sre\n');
    const ok = await h.run(['validate']);
    expect(ok.code, ok.stdout).toBe(0);
  });
});
