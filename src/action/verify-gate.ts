// Before a gated step runs in Actions: re-establish every fact its gate depends on from GitHub and git, not from the state branch (SPEC 4).
import { createHash } from 'node:crypto';
import type { Approval, RunState } from '../engine/state-format.js';
import { UserError } from '../errors.js';
import { GitHubApiError, errorStatus, errorText } from '../github/api-error.js';
import type { GitHubClient } from '../github/octokit.js';
import { parseCommand } from '../github/parse-command.js';
import type { RepoRef } from '../github/repo.js';
import { verifyReviewApproval } from '../github/review-ref.js';
import { firstAttempt } from '../github/workflow-runs.js';
import type { SopDefinition } from '../sop/types.js';
import { git } from './git.js';

export interface GateFactsDeps {
  gh: GitHubClient;
  repo: RepoRef;
  /** The job's checkout, already at the pinned commit. */
  workspace: string;
  /** The repository's default branch (from the event); null when the event did not say. */
  defaultBranch: string | null;
  /** The commit the workflow run checked out (GITHUB_SHA) when it is the default branch's tip, else null. */
  defaultTip: string | null;
}

/**
 * Re-fetches one counted approval from its source. Returns why it does not match the state, or null.
 * Keyed by the ref's kind (`comment`, `dispatch`, …); the pull-request channel adds `review`.
 */
export type ApprovalFetcher = (deps: GateFactsDeps, state: RunState, approval: Approval, id: string) => Promise<string | null>;

const sameLogin = (a: string | undefined | null, b: string): boolean => (a ?? '').toLowerCase() === b.toLowerCase();
const sameTime = (a: string | undefined | null, b: string): boolean => a != null && Date.parse(a) === Date.parse(b);

/** API errors other than "gone" are thrown: the step never runs on facts GitHub could not confirm. */
function failClosed(what: string, error: unknown): never {
  throw new GitHubApiError(`${what}: ${errorText(error)}. The step did not run; re-run the workflow once GitHub answers.`, {
    status: errorStatus(error),
    cause: error,
  });
}

const fromComment: ApprovalFetcher = async ({ gh, repo }, state, approval, id) => {
  let comment;
  try {
    ({ data: comment } = await gh.rest.issues.getComment({ ...repo, comment_id: Number(id) }));
  } catch (error) {
    if (errorStatus(error) === 404) return `comment ${id} no longer exists (deleted?)`;
    failClosed(`Could not re-read comment ${id}`, error);
  }
  if (!sameLogin(comment.user?.login, approval.by)) return `comment ${id} was written by ${comment.user?.login ?? 'nobody'}, not ${approval.by}`;
  if (comment.user?.type === 'Bot') return `comment ${id} was written by a bot`;
  if (!sameTime(comment.created_at, approval.at)) return `comment ${id} was created at ${comment.created_at}, not ${approval.at}`;
  const parsed = parseCommand(comment.body ?? '');
  if (parsed?.command !== approval.decision) return `comment ${id} does not say /${approval.decision}`;
  const thread = Number(/\/issues\/(\d+)$/.exec(comment.issue_url)?.[1]);
  const threads = [state.channel?.issue_number, ...Object.values(state.channel?.pulls ?? {}).map((p) => p.number)];
  if (!threads.includes(thread)) return `comment ${id} is on #${thread}, which is not a thread of run ${state.run_id}`;
  return null;
};

const fromDispatch: ApprovalFetcher = async ({ gh, repo }, _state, approval, id) => {
  const facts = await firstAttempt(gh, repo, Number(id));
  if (facts.event !== 'workflow_dispatch') return `workflow run ${id} was started by ${facts.event}, not workflow_dispatch`;
  if (!sameLogin(facts.triggeringActor ?? facts.actor, approval.by)) return `workflow run ${id} was dispatched by ${facts.triggeringActor ?? facts.actor ?? 'nobody'}, not ${approval.by}`;
  if (!sameTime(facts.createdAt, approval.at)) return `workflow run ${id} was created at ${facts.createdAt}, not ${approval.at}`;
  return null;
};

/** The pull-request channel's reviews: author, state, time and the exact commit the engine made. */
const fromReview: ApprovalFetcher = async ({ gh, repo }, state, approval) => verifyReviewApproval(gh, repo, state, approval);

export const APPROVAL_FETCHERS: Record<string, ApprovalFetcher> = {
  comment: fromComment,
  dispatch: fromDispatch,
  review: fromReview,
};

/** The approvals that passed the wait just before `step` (the run's last wait). */
export function countedApprovals(state: RunState, step: number): Approval[] {
  return state.approvals.filter((a) => a.wait === state.waits && a.step === step && a.decision !== 'reject');
}

/** The pinned file at the pinned commit must be the text the run pinned, and the commit must be on the default branch. */
async function checkPinned(deps: GateFactsDeps, state: RunState): Promise<string | null> {
  const { commit, path, sha256 } = state.sop;
  if (commit === null) return 'the run records no pinned commit, so the approved text cannot be checked against the repository';
  let text: string;
  try {
    text = await git(deps.workspace, ['show', `${commit}:${path}`]);
  } catch {
    return `${path} does not exist at the pinned commit ${commit}`;
  }
  const actual = createHash('sha256').update(text).digest('hex');
  if (actual !== sha256) return `${path} at the pinned commit ${commit} has sha256 ${actual}, not the pinned ${sha256}`;
  if (commit === deps.defaultTip) return null;
  if (deps.defaultBranch === null) return `the event does not name the default branch, so commit ${commit} cannot be checked against it`;
  let status: string;
  try {
    ({ data: { status } } = await deps.gh.rest.repos.compareCommitsWithBasehead({ ...deps.repo, basehead: `${deps.defaultBranch}...${commit}`, per_page: 1 }));
  } catch (error) {
    if (errorStatus(error) === 404) return `the pinned commit ${commit} is not in ${deps.repo.owner}/${deps.repo.repo}`;
    failClosed(`Could not compare the pinned commit ${commit} with ${deps.defaultBranch}`, error);
  }
  // `behind` / `identical`: every change of the pinned commit is already on the default branch.
  if (status !== 'behind' && status !== 'identical') return `the pinned commit ${commit} is not on ${deps.defaultBranch} (compare: ${status})`;
  return null;
}

/** The starter, re-read from the workflow run that started the run (rule 4 depends on it). */
async function checkStarter(deps: GateFactsDeps, state: RunState): Promise<string | null> {
  if (state.workflow_run_id === undefined) {
    return `run ${state.run_id} records no workflow run that started it, so its starter (${state.started_by}) cannot be re-established and self-approval cannot be ruled out`;
  }
  const facts = await firstAttempt(deps.gh, deps.repo, state.workflow_run_id);
  if (state.started_by === 'schedule') return facts.event === 'schedule' ? null : `workflow run ${facts.id} was a ${facts.event}, not a schedule`;
  const starter = facts.triggeringActor ?? facts.actor;
  return sameLogin(starter, state.started_by) ? null : `workflow run ${facts.id} was started by ${starter ?? 'nobody'}, not ${state.started_by}`;
}

/**
 * Throws a UserError naming every fact that does not hold; the step then does not run. Costs one call per
 * counted approval, one for the starter (only when self-approval is off) and at most one for the commit.
 */
export async function verifyGateFacts(
  deps: GateFactsDeps,
  state: RunState,
  def: SopDefinition,
  step: number,
  fetchers: Record<string, ApprovalFetcher> = APPROVAL_FETCHERS,
): Promise<void> {
  const problems: string[] = [];
  const approvals = countedApprovals(state, step);
  const people = new Set(approvals.map((a) => a.by.toLowerCase())).size;
  if (people < def.approval.min_approvals) {
    problems.push(`the state records approvals by ${people} distinct people for step ${step}, but approval.min_approvals is ${def.approval.min_approvals}`);
  }
  for (const approval of approvals) {
    const colon = approval.ref.indexOf(':');
    const kind = colon < 0 ? approval.ref : approval.ref.slice(0, colon);
    const fetcher = fetchers[kind];
    const why = fetcher
      ? await fetcher(deps, state, approval, approval.ref.slice(colon + 1))
      : `it came from ${kind}, which cannot be checked on GitHub (approve on the run's issue or pull request instead)`;
    if (why !== null) problems.push(`the approval by ${approval.by} (${approval.ref}) does not hold: ${why}`);
  }
  if (!def.approval.allow_self_approval) {
    const why = await checkStarter(deps, state);
    if (why !== null) problems.push(why);
  }
  const pinned = await checkPinned(deps, state);
  if (pinned !== null) problems.push(pinned);
  if (problems.length > 0) {
    throw new UserError(
      `step ${step} of ${state.run_id} was not run: what its gate depends on could not be confirmed on GitHub (${problems.join('; ')}). Run \`sop verify ${state.run_id}\` and look at the state branch's history.`,
    );
  }
}
