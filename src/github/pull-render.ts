// Texts of the pull-request channel (PURE): the approval branch, file, PR title and body, and its last comment.
import type { RunState } from '../engine/state-format.js';
import type { SopDefinition } from '../sop/types.js';
import { renderChecklist, renderCurrentGate, runMarker, runSummary, type RenderOptions } from './render.js';

/** `sop-approvals/<run-id>/step-<N>`: one branch per gate, so each gate is its own PR. */
export function approvalBranch(runId: string, step: number): string {
  return `sop-approvals/${runId}/step-${step}`;
}

/** `.sop/approvals/<sop>/<run-id>-step-<N>.md`: the file the PR adds, so CODEOWNERS and review rules apply to it. */
export function approvalFilePath(sopName: string, runId: string, step: number): string {
  return `.sop/approvals/${sopName}/${runId}-step-${step}.md`;
}

export function renderPullTitle(def: SopDefinition, state: RunState): string {
  const step = def.steps.find((s) => s.number === state.current_step);
  const what = state.waiting_for === 'confirmation' ? 'Confirm' : 'Approve';
  return `${what} ${def.name} step ${state.current_step}${step ? `: ${step.title}` : ''} (${state.run_id})`;
}

/** What `codeowners` in approval.approvers stands for at this run's pinned commit. */
export type CodeownersNote = { ok: true; approvers: string[] } | { ok: false; reason: string };

/** The approval file: what exactly is approved. It is committed once, when the gate opens. */
export function renderApprovalFile(def: SopDefinition, state: RunState, opts: RenderOptions, owners?: CodeownersNote): string {
  return [
    `# ${renderPullTitle(def, state)}`,
    `SOP \`${def.name}\` (${state.sop.path}), run ${state.run_id}.`,
    renderPinned(state),
    renderPayload(state),
    withOwners(renderCurrentGate(def, state, opts) ?? '', state, owners),
    renderHowToAnswer(state),
    '### Progress of the run when this was opened',
    renderChecklist(def, state),
  ].join('\n\n') + '\n';
}

/** The PR body: the run marker, the same facts as the file, and the run's progress (kept current). */
export function renderPullBody(def: SopDefinition, state: RunState, opts: RenderOptions, owners?: CodeownersNote): string {
  const parts = [
    runMarker(state.run_id),
    `## SOP \`${def.name}\`: run ${state.run_id}`,
    def.description,
    runSummary(state),
    renderPinned(state),
    renderPayload(state),
  ];
  const gate = renderCurrentGate(def, state, opts);
  if (gate) parts.push(withOwners(gate, state, owners), renderHowToAnswer(state));
  parts.push('### Steps', renderChecklist(def, state));
  parts.push('---', 'This pull request is an approval request, not a change to merge: sop-engine closes it and deletes its branch once the step is decided. Pushing commits to it, or changing its base, makes it stop counting as an approval channel.');
  return parts.join('\n\n') + '\n';
}

/** Says who `codeowners` is, right under "Who may approve". */
function withOwners(gate: string, state: RunState, owners?: CodeownersNote): string {
  if (!owners || gate === '') return gate;
  const line = owners.ok
    ? `- **codeowners:** CODEOWNERS at the pinned commit gives \`${state.sop.path}\` to ${owners.approvers.map((a) => (a.startsWith('@') ? a : `@${a}`)).join(', ')}`
    : `- **codeowners:** ${owners.reason}`;
  return gate.replace(/^(- \*\*Who may (?:approve|confirm):\*\*.*)$/m, `$1\n${line}`);
}

function renderPinned(state: RunState): string {
  return [
    '### What is pinned',
    `- **SOP file:** \`${state.sop.path}\``,
    `- **Commit:** ${state.sop.commit ?? 'none (started outside git)'}`,
    `- **SOP sha256:** \`${state.sop.sha256}\``,
  ].join('\n');
}

function renderPayload(state: RunState): string {
  const json = JSON.stringify(state.payload, null, 2);
  const fence = '`'.repeat(Math.max(3, longestRun(json, '`') + 1));
  return `### Payload\n\n${fence}json\n${json}\n${fence}`;
}

function renderHowToAnswer(state: RunState): string {
  const confirming = state.waiting_for === 'confirmation';
  const lines = ['### How to answer'];
  if (confirming) {
    lines.push('- **Approve** this pull request in a review, or comment `/done`: confirms the manual step is done');
  } else {
    lines.push('- **Approve** this pull request in a review, or comment `/approve`: approves the step');
  }
  lines.push('- **Request changes** in a review (your review text is the reason), or comment `/reject <reason>`: rejects the step; the run ends as rejected');
  lines.push('- A **comment** review or a conversation comment takes the commands `/approve`, `/done`, `/reject <reason>` and `/status` on its first line');
  lines.push('- **Closing** this pull request without merging rejects the step');
  return `${lines.join('\n')}\n\nApprovals given here and on the run's issue count together toward the approvals needed.`;
}

/** The last comment on an approval PR, when its gate is decided. */
export function renderPullDecided(def: SopDefinition, before: number, state: RunState): string {
  const step = def.steps.find((s) => s.number === before);
  const head = `Step ${before}${step ? ` (${step.title})` : ''}`;
  const by = state.approvals.filter((a) => a.step === before && a.decision !== 'reject').map((a) => `@${a.by}`);
  const reason = state.reason ? `: ${state.reason}` : '.';
  let text: string;
  if (state.status === 'rejected') text = `${head} was **rejected**${reason}`;
  else if (state.status === 'timed_out') text = `${head} **timed out** waiting for approval${reason}`;
  else if (state.status === 'cancelled') text = `${head}: the run was **cancelled**${reason}`;
  else if (state.status === 'failed' && state.current_step === before) text = `${head} **failed**${reason}`;
  else text = `${head} was **${step?.command === null ? 'confirmed' : 'approved'}**${by.length ? ` by ${[...new Set(by)].join(', ')}` : ''}; run ${state.run_id} goes on.`;
  return `${text}\n\nThis approval request is done: sop-engine closes it without merging and deletes its branch.\n`;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
