// Texts of the issue channel (PURE): run marker, issue title and body, gate/end/refusal/status comments.
import type { HistoryEntry, RefusalRule, RunState } from '../engine/types.js';
import { gateBefore } from '../engine/gates.js';
import { formatDuration } from '../sop/duration.js';
import { runFolder } from '../store/run-layout.js';
import type { SopDefinition, SopStep } from '../sop/types.js';
import type { ApproverPermission } from './eligibility.js';

export { parseCommand, RUN_ID_PATTERN } from './parse-command.js';
export type { CommentCommand, ParsedCommand } from './parse-command.js';

export interface RenderOptions {
  /** e.g. https://github.com (GITHUB_SERVER_URL). */
  serverUrl: string;
  /** "owner/name". */
  repo: string;
  stateBranch: string;
  /** Action input approver-permission (default write), shown under "who may approve". */
  approverPermission?: ApproverPermission;
}

export function runMarker(runId: string): string {
  return `<!-- sop-run: ${runId} -->`;
}

const MARKER = /<!--\s*sop-run:\s*(run-\d{8}-[a-z0-9]{6,})\s*-->/;

/** The run id of the first marker in an issue or PR body, or null. */
export function findRunMarker(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}

export function renderIssueTitle(state: RunState): string {
  return `SOP ${state.sop_name}: ${state.run_id}`;
}

export function renderIssueBody(def: SopDefinition, state: RunState, opts: RenderOptions): string {
  const parts = [
    runMarker(state.run_id),
    `## SOP \`${def.name}\`: run ${state.run_id}`,
    def.description,
    runSummary(state),
    '### Steps',
    renderChecklist(def, state),
  ];
  const gate = renderCurrentGate(def, state, opts);
  if (gate) parts.push(gate, renderHowToAnswer(def, state));
  parts.push('---', renderLinks(state, opts));
  return parts.join('\n\n') + '\n';
}

/** Comment posted on the run's issue when a later gate opens. */
export function renderGateComment(def: SopDefinition, state: RunState, opts?: Partial<RenderOptions>): string {
  const gate = renderCurrentGate(def, state, opts ?? {});
  if (!gate) return `Run ${state.run_id} is not waiting (status: ${state.status}).\n`;
  return [gate, renderHowToAnswer(def, state), '### Steps', renderChecklist(def, state)].join('\n\n') + '\n';
}

/** Final comment when the run ends. */
export function renderEndComment(state: RunState): string {
  const at = state.current_step;
  const reason = state.reason ? `: ${state.reason}` : '.';
  const lines: Record<RunState['status'], string> = {
    completed: `Run ${state.run_id} **completed**: all steps ran.`,
    failed: `Run ${state.run_id} **failed** at step ${at}${reason}`,
    rejected: `Run ${state.run_id} was **rejected** at step ${at}${reason}`,
    timed_out: `Run ${state.run_id} **timed out** waiting at step ${at}${reason}`,
    cancelled: `Run ${state.run_id} was **cancelled** at step ${at}${reason}`,
    running: `Run ${state.run_id} is running step ${at}.`,
    pending_approval: `Run ${state.run_id} is waiting at step ${at}.`,
  };
  return lines[state.status] + '\n';
}

const RULE_NAMES: Record<Exclude<RefusalRule, 'state'>, string> = {
  1: 'bots cannot approve',
  2: 'repository permission',
  3: 'the SOP’s approvers',
  4: 'no self-approval',
  5: 'the command must name the run’s current gate',
};

/** Reply to a refused command: which rule refused it and why; the run did not change. */
export function renderRefusal(rule: RefusalRule, reason: string): string {
  const which = rule === 'state' ? 'the run is not waiting for this command' : `rule ${rule}, ${RULE_NAMES[rule]}`;
  return `Refused (${which}): ${reason}\n\nThe run did not change.\n`;
}

/** Reply to `/status`. */
export function renderStatus(def: SopDefinition, state: RunState, opts?: Partial<RenderOptions>): string {
  const parts = [`**Run ${state.run_id}** (SOP \`${def.name}\`)`, runSummary(state), renderChecklist(def, state)];
  if (state.status === 'pending_approval') parts.push(renderWaitLine(def, state));
  if (opts?.serverUrl && opts.repo && opts.stateBranch) {
    parts.push(renderLinks(state, { serverUrl: opts.serverUrl, repo: opts.repo, stateBranch: opts.stateBranch }));
  }
  return parts.join('\n\n') + '\n';
}

/** The checklist of all steps, one line each. */
export function renderChecklist(def: SopDefinition, state: RunState): string {
  return def.steps.map((step) => renderStepLine(def, state, step)).join('\n');
}

export function runSummary(state: RunState): string {
  const mode = state.mode === state.effective_mode ? state.mode : `${state.mode} (as ${state.effective_mode})`;
  const reason = state.reason && state.status !== 'pending_approval' ? ` (${state.reason})` : '';
  return `Started by @${state.started_by} at ${state.started_at} · status: **${state.status}**${reason} · mode: ${mode}`;
}

function lastEntry(state: RunState, step: number): HistoryEntry | undefined {
  return state.history.filter((h) => h.step === step).at(-1);
}

function approversOf(state: RunState, step: number): string[] {
  return [...new Set(state.approvals.filter((a) => a.step === step && a.decision !== 'reject').map((a) => a.by))];
}

function renderStepLine(def: SopDefinition, state: RunState, step: SopStep): string {
  const entry = lastEntry(state, step.number);
  const head = `Step ${step.number}: ${step.title}`;
  if (!entry) return `- [ ] ${head}${upcomingNote(def, step)}`;
  const by = entry.by?.length ? entry.by : approversOf(state, step.number);
  switch (entry.status) {
    case 'completed': {
      const took = entry.duration_ms !== undefined ? ` in ${formatDuration(entry.duration_ms)}` : '';
      const verb = step.command === null ? 'confirmed' : 'completed';
      const who = by.length ? ` (${step.command === null ? 'by' : 'approved by'} ${by.map((b) => `@${b}`).join(', ')})` : '';
      return `- [x] ${head} — ${verb}${took}${who}`;
    }
    case 'running':
      return `- [ ] ${head} — running`;
    case 'failed': {
      const why = entry.timed_out
        ? `timed out after ${formatDuration(step.timeout_ms)}`
        : `failed (exit ${entry.exit_code ?? 'unknown'})`;
      return `- [ ] ${head} — ${why}`;
    }
    case 'pending_approval': {
      if (entry.waiting_for === 'confirmation' || (state.current_step === step.number && state.waiting_for === 'confirmation')) {
        return `- [ ] ${head} — waiting for confirmation (/done)`;
      }
      const approved = approversOf(state, step.number);
      const list = approved.length ? `: ${approved.join(', ')}` : '';
      return `- [ ] ${head} — waiting for approval (${approved.length} of ${def.approval.min_approvals}${list})`;
    }
    case 'rejected':
      return `- [ ] ${head} — rejected${state.reason ? `: ${state.reason}` : ''}`;
    case 'timed_out':
      return `- [ ] ${head} — timed out waiting for approval`;
    case 'cancelled':
      return `- [ ] ${head} — cancelled`;
  }
}

function upcomingNote(def: SopDefinition, step: SopStep): string {
  const notes = [];
  if (gateBefore(def, step.number)) notes.push('needs approval');
  else if (step.command === null) notes.push('manual step, needs /done');
  return notes.length ? ` — ${notes.join(', ')}` : '';
}

function currentStep(def: SopDefinition, state: RunState): SopStep | undefined {
  return def.steps.find((s) => s.number === state.current_step);
}

function renderWaitLine(def: SopDefinition, state: RunState): string {
  const step = currentStep(def, state);
  const title = step ? `Step ${step.number}: ${step.title}` : `Step ${state.current_step}`;
  return state.waiting_for === 'confirmation'
    ? `Waiting for someone to confirm **${title}** with \`/done\`.`
    : `Waiting for approval of **${title}**.`;
}

export function renderCurrentGate(def: SopDefinition, state: RunState, opts: Partial<RenderOptions>): string | null {
  const step = currentStep(def, state);
  if (state.status !== 'pending_approval' || !step) return null;
  const confirming = state.waiting_for === 'confirmation';
  const lines = [`### ${confirming ? 'Waiting for confirmation' : 'Waiting for approval'}: Step ${step.number}: ${step.title}`];
  if (step.description.trim()) lines.push(step.description.trim());
  if (step.command !== null) {
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(step.command) + 1));
    lines.push(`Approving runs this command (from \`${state.sop.path}\` at ${state.sop.commit ?? 'the pinned file'}):`);
    lines.push(`${fence}bash\n${step.command.replace(/\n$/, '')}\n${fence}`);
  } else {
    lines.push('This is a manual step: do what it describes, then confirm it with `/done`. The run’s starter may confirm it.');
  }
  const perm = opts.approverPermission ?? 'write';
  const a = def.approval;
  const who =
    a.approvers.length === 0
      ? `anyone with ${perm} permission or higher on the repository`
      : `${a.approvers.join(', ')} (each also needs ${perm} permission or higher)`;
  const so = approversOf(state, step.number);
  const facts = [`- **Who may ${confirming ? 'confirm' : 'approve'}:** ${who}`];
  if (!confirming) {
    facts.push(
      `- **Approvals needed:** ${a.min_approvals} distinct ${a.min_approvals === 1 ? 'approver' : 'approvers'}` +
        (so.length ? ` (${so.length} so far: ${so.join(', ')})` : ''),
    );
    facts.push(
      a.allow_self_approval
        ? `- **Self-approval:** allowed; @${state.started_by} (who started the run) may approve.`
        : `- **Self-approval:** not allowed; @${state.started_by} (who started the run) may reject but not approve.`,
    );
  }
  const since = state.wait ? Date.parse(state.wait.opened_at) : NaN;
  const deadline = Number.isNaN(since) ? '' : ` (at ${new Date(since + a.timeout_ms).toISOString().replace('.000Z', 'Z')})`;
  facts.push(`- **Timeout:** ${a.timeout} after the gate opened${deadline}; the run then ends as timed_out.`);
  lines.push(facts.join('\n'));
  return lines.join('\n\n');
}

function renderHowToAnswer(def: SopDefinition, state: RunState): string {
  const step = currentStep(def, state);
  const manual = step?.command === null;
  const lines = ['### How to answer', 'Comment with one of these on the first line:'];
  if (state.waiting_for === 'confirmation') {
    lines.push('- `/done` — confirm the manual step is done');
  } else {
    lines.push('- `/approve` — approve this step');
    if (manual) lines.push('- `/done` — confirm the manual step (counts as an approval)');
  }
  lines.push('- `/reject <reason>` — reject it; the run ends as rejected');
  lines.push('- `/status` — show where the run is');
  return `${lines.join('\n')}\n\nClosing this issue rejects the pending step.`;
}

function renderLinks(state: RunState, opts: Pick<RenderOptions, 'serverUrl' | 'repo' | 'stateBranch'>): string {
  const base = `${opts.serverUrl.replace(/\/+$/, '')}/${opts.repo}`;
  const folder = runFolder(state.run_id);
  return [
    `Run folder: [${folder}](${base}/tree/${opts.stateBranch}/${folder})`,
    `state: [state.json](${base}/blob/${opts.stateBranch}/${folder}/state.json)`,
    `audit: [audit.json](${base}/blob/${opts.stateBranch}/${folder}/audit.json)`,
    `log: [output.log](${base}/blob/${opts.stateBranch}/${folder}/output.log)`,
  ].join(' · ');
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** 12s, 3m 4s, 1h 2m, 2d 3h. */
