// The job's checkout: HEAD, and moving it to the commit a run is pinned to before a resumed step.
import { UserError } from '../errors.js';
import { git } from './git.js';

export async function workspaceHead(cwd: string): Promise<string | null> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
  } catch {
    return null;
  }
}

async function hasCommit(cwd: string, sha: string): Promise<boolean> {
  try {
    // In a partial clone (the state branch makes the checkout one) git would fetch a missing
    // commit by itself, with all its history; the fetch below takes only that commit.
    await git(cwd, ['cat-file', '-e', `${sha}^{commit}`], { noLazyFetch: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Check the workspace out at `sha` (fetching it first from a shallow clone) so a resumed step
 * runs exactly the code that was approved. Returns a line for the log, or null if HEAD already is it.
 */
export async function checkoutPinned(cwd: string, sha: string): Promise<string | null> {
  const head = await workspaceHead(cwd);
  if (head === sha) return null;
  if (!(await hasCommit(cwd, sha))) {
    try {
      await git(cwd, ['fetch', '--no-tags', '--depth=1', 'origin', sha]);
    } catch (error) {
      throw new UserError(
        `cannot fetch commit ${sha} that this run is pinned to: ${(error as Error).message.split('\n')[0]}; the approval covers that exact commit, so the step will not run on another one`,
      );
    }
  }
  try {
    await git(cwd, ['checkout', '--quiet', '--detach', sha]);
  } catch (error) {
    throw new UserError(
      `cannot check out the pinned commit ${sha}: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`,
    );
  }
  return `Checked out ${sha.slice(0, 12)}, the commit this run was started from and approved at (the workflow ran on ${head ? head.slice(0, 12) : 'no commit'}).`;
}
