// What an attacker with push access can do: re-hash an edited audit chain, hash a forged state, push edited run files.
import { hashEvent } from '../../src/audit/chain.js';
import { GENESIS_HASH } from '../../src/audit/chain.js';
import { stateSha256 } from '../../src/audit/state-hash.js';
import type { AuditEvent, AuditFile } from '../../src/audit/format.js';
import type { RunState } from '../../src/engine/state-format.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ActionRepo } from './action-harness.js';
import { makeTempDir, runGitIn } from './git.js';

/**
 * Recompute seq, prev and hash of every event (keeping each event's other fields, state_sha256
 * included), so an edited record passes the chain check on its own.
 */
export function rechain(audit: AuditFile): AuditFile {
  let prev = GENESIS_HASH;
  const events = audit.events.map((event, i) => {
    const { hash: _old, ...rest } = event;
    const unhashed = { ...rest, seq: i + 1, prev };
    const next: AuditEvent = { ...unhashed, hash: hashEvent(unhashed) };
    prev = next.hash;
    return next;
  });
  return { ...audit, events };
}

/** The chain re-hashed after pointing its last event's state_sha256 at `state`: a complete forgery. */
export function forgeCoveringState(audit: AuditFile, state: RunState): AuditFile {
  const events = audit.events.map((event, i) => (i === audit.events.length - 1 ? { ...event, state_sha256: stateSha256(state) } : event));
  return rechain({ ...audit, events });
}

export interface RunPaths {
  state: string;
  audit: string;
}

/** Where a run's state and audit files are on origin's state branch (whatever the layout). */
export async function runPaths(repo: ActionRepo, runId: string, branch = 'sop-state'): Promise<RunPaths> {
  const names = (await runGitIn(repo.origin, ['ls-tree', '-r', '--name-only', `refs/heads/${branch}`])).split('\n');
  const mine = names.filter((n) => n.includes(runId));
  const state = mine.find((n) => n.endsWith(`/${runId}/state.json`) || n === `sop-state/${runId}.json`);
  const audit = mine.find((n) => n.endsWith(`/${runId}/audit.json`) || n === `sop-audit/${runId}.json`);
  if (!state || !audit) throw new Error(`run ${runId} is not on ${branch}: ${mine.join(', ')}`);
  return { state, audit };
}

export async function readOriginFile(repo: ActionRepo, file: string, branch = 'sop-state'): Promise<string> {
  return runGitIn(repo.origin, ['show', `refs/heads/${branch}:${file}`]);
}

/** Commits `files` (path → content) on top of origin's state branch as mallory and pushes, as a writer could. */
export async function pushToStateBranch(repo: ActionRepo, files: Record<string, string>, branch = 'sop-state'): Promise<void> {
  const dir = path.join(await makeTempDir('sop-forge-'), 'clone');
  await runGitIn(path.dirname(dir), ['clone', '--quiet', '--branch', branch, repo.url, dir]);
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
  await runGitIn(dir, ['add', '-A']);
  await runGitIn(dir, ['-c', 'user.name=mallory', '-c', 'user.email=m@example.com', 'commit', '--quiet', '-m', 'tidy up']);
  await runGitIn(dir, ['push', '--quiet', 'origin', branch]);
}

/** Rewrites one run's state.json on origin with `edit`, leaving its audit as it is. */
export async function editOriginState(repo: ActionRepo, runId: string, edit: (state: Record<string, unknown>) => void): Promise<void> {
  const paths = await runPaths(repo, runId);
  const state = JSON.parse(await readOriginFile(repo, paths.state)) as Record<string, unknown>;
  edit(state);
  await pushToStateBranch(repo, { [paths.state]: `${JSON.stringify(state, null, 2)}\n` });
}
