// What an attacker with push access to the state branch can do: edit or add run files with an ordinary git push.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ActionRepo } from './action-harness.js';
import { makeTempDir, runGitIn } from './git.js';

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
