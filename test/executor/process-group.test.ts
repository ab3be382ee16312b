// Tests for process-group signalling and the zombie-blind liveness check, with real processes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { groupAlive, signalGroup } from '../../src/executor/process-group.js';

async function gone(pgid: number, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return !groupAlive(pgid);
}

describe('process group', () => {
  it('sees a running group, and sees it gone once its members, grandchildren included, are killed', async () => {
    // The leader exits at once; the orphaned `sleep` keeps the group alive.
    const leader = spawn('bash', ['-c', 'sleep 100 & echo $!'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const [pidText] = (await once(leader.stdout, 'data')) as [Buffer];
    await once(leader, 'exit');
    const pgid = leader.pid ?? 0;
    expect(Number(pidText.toString().trim())).toBeGreaterThan(1);
    expect(groupAlive(pgid)).toBe(true);
    signalGroup(pgid, 'SIGKILL');
    expect(await gone(pgid, 20_000)).toBe(true);
  });

  it('does not throw when signalling a group that no longer exists', async () => {
    const child = spawn('true', [], { detached: true, stdio: 'ignore' });
    await once(child, 'exit');
    const pgid = child.pid ?? 0;
    expect(groupAlive(pgid)).toBe(false);
    expect(() => signalGroup(pgid, 'SIGTERM')).not.toThrow();
  });
});
