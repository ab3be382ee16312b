// The built `sop` bundle as a user runs it: a real process, the sop-<command> aliases through symlinks, and Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempRepos, makeTempDir, type TempRepo } from '../support/git.js';
import { baseEnv, makeSopRepo, runIdIn, SOPS, sopText, step, type CliResult } from './harness.js';

const BUNDLE = process.env['SOP_E2E_CLI_BUNDLE'] || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli/index.js');

afterAll(cleanupTempRepos);

interface Spawned {
  done: Promise<CliResult>;
  stdout(): string;
  pid: number;
  kill(signal: NodeJS.Signals): void;
  /** Resolves with stdout once it matches `pattern` (rejects if the process ends first). */
  waitFor(pattern: RegExp): Promise<string>;
}

function spawnCli(program: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, detached = false): Spawned {
  // detached: the CLI leads its own process group, as a shell's foreground job does, so a test can signal the group like Ctrl-C.
  const child = spawn(process.execPath, [program, ...args], { cwd, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (s: string) => void }[] = [];
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    for (const w of waiters.filter((x) => x.pattern.test(stdout))) w.resolve(stdout);
  });
  child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  const waitFor = (pattern: RegExp): Promise<string> =>
    pattern.test(stdout)
      ? Promise.resolve(stdout)
      : new Promise((resolve, reject) => {
          waiters.push({ pattern, resolve });
          void done.then((r) => reject(new Error(`exited ${r.code} before printing ${pattern}:\n${r.stdout}\n${r.stderr}`)));
        });
  return { done, stdout: () => stdout, pid: child.pid ?? -1, kill: (s) => void child.kill(s), waitFor };
}

const cli = (program: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv) => spawnCli(program, args, cwd, env).done;

describe('the built CLI bundle', () => {
  let repo: TempRepo;
  let bin: string;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
    repo = await makeSopRepo({
      ...SOPS,
      'sops/slow.md': sopText('name: slow\ndescription: a long step\nexecution_mode: auto', [
        step(1, 'Sleep', 'echo "child=$$"; sleep 30 & echo "grandchild=$!"; wait'),
      ]),
    });
    bin = await makeTempDir('sop-bin-');
    for (const name of ['sop', 'sop-list', 'sop-execute', 'sop-approve', 'sop-reject', 'sop-status', 'sop-runs']) {
      await fs.symlink(BUNDLE, path.join(bin, name));
    }
  });

  it('sop execute and approve through the real binary, with exit codes', async () => {
    // gated's approval.timeout is 1s: the three processes share one simulated instant (SOP_ENGINE_CLOCK),
    // so however slowly this machine starts them, the approval comes inside the timeout.
    const at = { SOP_ENGINE_CLOCK: '2026-11-26T09:00:00Z' };
    const started = await cli(BUNDLE, ['execute', 'gated'], repo.dir, at);
    expect(started.code).toBe(0);
    const id = runIdIn(started.stdout);
    expect(started.stdout).toContain(`sop approve ${id} --as <someone other than alice>`);
    const refused = await cli(BUNDLE, ['approve', id], repo.dir, at);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('you started this run and self-approval is off');
    const ok = await cli(BUNDLE, ['approve', id, '--as', 'bob'], repo.dir, at);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('shipped');
    const bad = await cli(BUNDLE, ['nonsense'], repo.dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the sop-<command> aliases work when invoked through symlinks', async () => {
    const list = await cli(path.join(bin, 'sop-list'), ['--json'], repo.dir);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { sops: { name: string }[] }).sops.map((s) => s.name)).toContain('gated');
    const exec = await cli(path.join(bin, 'sop-execute'), ['two-approvers', '--as', 'dave'], repo.dir);
    expect(exec.code).toBe(0);
    const id = runIdIn(exec.stdout);
    const approve = await cli(path.join(bin, 'sop-approve'), [id, '--as', 'bob'], repo.dir);
    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain('1 of 2');
    const status = await cli(path.join(bin, 'sop-status'), [id, '--json'], repo.dir);
    expect(JSON.parse(status.stdout)).toMatchObject({ run_id: id, started_by: 'dave', status: 'pending_approval' });
    const reject = await cli(path.join(bin, 'sop-reject'), [id, '--as', 'carol', '--reason', 'no'], repo.dir);
    expect(reject.code).toBe(0);
    const runs = await cli(path.join(bin, 'sop-runs'), ['--status', 'rejected', '--json'], repo.dir);
    expect((JSON.parse(runs.stdout) as { run_id: string }[]).map((r) => r.run_id)).toContain(id);
    // `sop` itself through a symlink is not an alias.
    const plain = await cli(path.join(bin, 'sop'), ['runs', '--sop', 'two-approvers', '--json'], repo.dir);
    expect(plain.code).toBe(0);
  });

  it.each([
    ['SIGINT to the terminal group (Ctrl-C)', 'SIGINT', true],
    ['SIGTERM to the CLI process', 'SIGTERM', false],
  ] as const)('%s while a step runs stops the step process group and records the run as failed', async (_label, signal, group) => {
    const run = spawnCli(BUNDLE, ['execute', 'slow'], repo.dir, {}, group);
    const out = await run.waitFor(/grandchild=\d+/);
    const child = Number(/child=(\d+)/.exec(out)?.[1]);
    const grandchild = Number(/grandchild=(\d+)/.exec(out)?.[1]);
    expect(alive(grandchild)).toBe(true);
    expect(grandchild).toBeGreaterThan(0);
    const t0 = Date.now();
    if (group) process.kill(-run.pid, signal);
    else run.kill(signal);
    const result = await run.done;
    // The step sleeps 30 s: ending well before that shows the signal stopped it rather than waited for it.
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${signal}: stopping the running step`);
    expect(result.stdout).toContain('✗ Step 1 failed (killed by SIGTERM)');
    for (const pid of [child, grandchild]) expect(alive(pid)).toBe(false);
    const id = runIdIn(result.stdout);
    const status = await cli(BUNDLE, ['status', id, '--json'], repo.dir);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'failed', current_step: 1 });
  });

  it.each([
    ['sop status reports the step as failed with "runner lost"', 'status'],
    ['sop cancel ends the run as cancelled', 'cancel'],
  ] as const)('a CLI that dies mid-step (kill -9, as a double Ctrl-C leaves it): %s', async (_label, next) => {
    const run = spawnCli(BUNDLE, ['execute', 'slow'], repo.dir, {}, false);
    const out = await run.waitFor(/grandchild=\d+/);
    const child = Number(/child=(\d+)/.exec(out)?.[1]);
    const id = runIdIn(out);
    run.kill('SIGKILL');
    await run.done;
    try {
      if (next === 'status') {
        const status = await cli(BUNDLE, ['status', id, '--json'], repo.dir);
        expect(JSON.parse(status.stdout)).toMatchObject({ status: 'failed', current_step: 1, reason: expect.stringContaining('runner lost') });
      } else {
        const cancelled = await cli(BUNDLE, ['cancel', id, '--as', 'alice', '--reason', 'terminal closed'], repo.dir);
        expect(cancelled.code, cancelled.stderr).toBe(0);
        const status = await cli(BUNDLE, ['status', id, '--json'], repo.dir);
        expect(JSON.parse(status.stdout)).toMatchObject({ status: 'cancelled', reason: 'terminal closed' });
      }
    } finally {
      // The orphaned step keeps running in its own group: end it.
      try {
        process.kill(-child, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});

/** True while the process exists and is not a zombie (killed orphans may linger as zombies in containers). */
function alive(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return state !== 'Z' && state !== 'X';
}
