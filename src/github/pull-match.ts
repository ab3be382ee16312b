// Whether a pull request is still the approval channel the engine created (SPEC 5.3). PURE.
import type { ApprovalPull, RunState } from '../engine/state-format.js';

/** What an event (or a GET) says about the PR now; undefined fields are not known yet. */
export interface PullSeen {
  number: number;
  headRef?: string;
  headSha?: string;
  baseRef?: string;
}

/**
 * Null when `seen` is the approval PR of the run's current wait, exactly as created (same branch,
 * base and single commit); otherwise the reason, for a reply. Unknown facts are not judged here:
 * the caller fetches the PR first when the event did not carry them.
 */
export function pullChannelProblem(state: RunState, seen: PullSeen): string | null {
  const pulls = state.channel?.pulls ?? {};
  const mine = Object.entries(pulls).find(([, p]) => p.number === seen.number);
  if (!mine) return `#${seen.number} is not an approval pull request of run ${state.run_id}`;
  const [step, pull] = mine;
  const current = pulls[String(state.current_step)];
  if (state.status !== 'pending_approval' || Number(step) !== state.current_step || !pull.open || current?.number !== seen.number) {
    const now = current?.open && state.status === 'pending_approval' ? `; step ${state.current_step} waits on #${current.number}` : '';
    return `#${seen.number} was the approval pull request of step ${step} of run ${state.run_id}, which is decided${now}`;
  }
  return tampered(pull, seen);
}

function tampered(pull: ApprovalPull, seen: PullSeen): string | null {
  const changed: string[] = [];
  if (seen.headRef !== undefined && seen.headRef !== pull.branch) changed.push(`its branch is ${seen.headRef}, not ${pull.branch}`);
  if (seen.baseRef !== undefined && seen.baseRef !== pull.base) changed.push(`it targets ${seen.baseRef}, not ${pull.base}`);
  if (seen.headSha !== undefined && seen.headSha !== pull.head_sha) {
    changed.push(`its head is ${seen.headSha.slice(0, 12)}, not the commit sop-engine made (${pull.head_sha.slice(0, 12)}): someone pushed to it`);
  }
  if (changed.length === 0) return null;
  return `#${pull.number} no longer matches the approval request sop-engine opened (${changed.join('; ')}), so it is not an approval channel any more; to decide the step, ask a maintainer to restore it or use the workflow's approve/reject dispatch`;
}
