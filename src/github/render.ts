// Texts of the issue channel (PURE): run marker, issue title and body, gate/end/refusal/status comments.
// Everything taken from an SOP, a payload or a person is rendered so it cannot hide or fake what follows it
// (SPEC 5.6), and every text stays within GitHub's limit.
import type { HistoryEntry, RunState } from '../engine/state-format.js';
import type { RefusalRule } from '../engine/types.js';
import { gateBefore } from '../engine/gates.js';
import { formatDuration } from '../sop/duration.js';
import { runFolder } from '../store/run-layout.js';
import type { SopDefinition, SopStep } from '../sop/types.js';
import { boundText, cutAt, GITHUB_TEXT_LIMIT, truncatedNote } from '../text/bounded.js';
import { inlineMarkdown, quoted } from '../text/escape-html.js';
import { codeSpan, fenced, literal, showInvisible } from '../text/markdown.js';
import { refusalWhy } from '../text/refusal.js';
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

/** How much of each SOP- or person-supplied part is shown, so the gate's command always fits in one text. */
const SHOWN = {
  description: 2_000,
  stepDescription: 4_000,
  title: 300,
  payload: 8_000,
  command: 40_000,
} as const;

function bounded(text: string, stateBranch: string | undefined): string {
  return boundText(text, GITHUB_TEXT_LIMIT, truncatedNote(stateBranch));
}

export function renderIssueBody(def: SopDefinition, state: RunState, opts: RenderOptions): string {
  const parts = [runMarker(state.run_id), `## SOP \`${def.name}\`: run ${state.run_id}`];
  if (def.description.trim()) parts.push(quoted(boundText(def.description.trim(), SHOWN.description)));
  parts.push(runSummary(state));
  // The gate comes before the checklist: if anything must be cut, it is the list, never the command.
  const gate = renderCurrentGate(def, state, opts);
  if (gate) parts.push(gate, renderHowToAnswer(def, state));
  parts.push('### Steps', renderChecklist(def, state), '---', renderLinks(state, opts));
  return bounded(parts.join('\n\n') + '\n', opts.stateBranch);
}

/** Comment posted on the run's issue when a later gate opens. */
export function renderGateComment(def: SopDefinition, state: RunState, opts?: Partial<RenderOptions>): string {
  const gate = renderCurrentGate(def, state, opts ?? {});
  if (!gate) return `Run ${state.run_id} is not waiting (status: ${state.status}).\n`;
  const text = [gate, renderHowToAnswer(def, state), '### Steps', renderChecklist(def, state)].join('\n\n') + '\n';
  return bounded(text, opts?.stateBranch);
}

/** Final comment when the run ends. */
export function renderEndComment(state: RunState): string {
  const at = state.current_step;
  const reason = state.reason ? `: ${literal(state.reason)}` : '.';
  const lines: Record<RunState['status'], string> = {
    completed: `Run ${state.run_id} **completed**: all steps ran.`,
    failed: `Run ${state.run_id} **failed** at step ${at}${reason}`,
    rejected: `Run ${state.run_id} was **rejected** at step ${at}${reason}`,
    timed_out: `Run ${state.run_id} **timed out** waiting at step ${at}${reason}`,
    cancelled: `Run ${state.run_id} was **cancelled** at step ${at}${reason}`,
    running: `Run ${state.run_id} is running step ${at}.`,
    pending_approval: `Run ${state.run_id} is waiting at step ${at}.`,
  };
  return bounded(lines[state.status] + '\n', undefined);
}

/** Reply to a refused command: why, in words (never a bare rule number), and that the run did not change. */
export function renderRefusal(rule: RefusalRule, reason: string): string {
  return bounded(`**Refused:** ${refusalWhy(rule)}.\n\n${literal(reason, 4_000)}\n\nThe run did not change.\n`, undefined);
}

/** Reply to `/status`. */
export function renderStatus(def: SopDefinition, state: RunState, opts?: Partial<RenderOptions>): string {
  const parts = [`**Run ${state.run_id}** (SOP \`${def.name}\`)`, runSummary(state), renderChecklist(def, state)];
  if (state.status === 'pending_approval') parts.push(renderWaitLine(def, state));
  if (opts?.serverUrl && opts.repo && opts.stateBranch) {
    parts.push(renderLinks(state, { serverUrl: opts.serverUrl, repo: opts.repo, stateBranch: opts.stateBranch }));
  }
  return bounded(parts.join('\n\n') + '\n', opts?.stateBranch);
}

/** The checklist of all steps, one line each. */
export function renderChecklist(def: SopDefinition, state: RunState): string {
  return def.steps.map((step) => renderStepLine(def, state, step)).join('\n');
}

/** A step title as an approver reads it: SOP markdown with HTML escaped, on one line, bounded. */
export function renderTitle(step: Pick<SopStep, 'title'>): string {
  return inlineMarkdown(cutAt(step.title, SHOWN.title));
}

/** A login (or `--as` name) shown as a mention that nothing in it can turn into markup. */
function who(login: string): string {
  return `@${literal(login, 100)}`;
}

export function runSummary(state: RunState): string {
  const mode = state.mode === state.effective_mode ? state.mode : `${state.mode} (as ${state.effective_mode})`;
  const reason = state.reason && state.status !== 'pending_approval' ? ` (${literal(state.reason)})` : '';
  return `Started by ${who(state.started_by)} at ${state.started_at} · status: **${state.status}**${reason} · mode: ${mode}`;
}

function lastEntry(state: RunState, step: number): HistoryEntry | undefined {
  return state.history.filter((h) => h.step === step).at(-1);
}

/** Who approved or confirmed `step`; while it waits, only decisions given for the open wait count (SPEC 3.1). */
function approversOf(state: RunState, step: number): string[] {
  const open = state.wait?.step === step ? state.wait.seq : undefined;
  const counted = state.approvals.filter(
    (a) => a.step === step && a.decision !== 'reject' && (open === undefined || a.wait === open),
  );
  return [...new Set(counted.map((a) => a.by))];
}

function renderStepLine(def: SopDefinition, state: RunState, step: SopStep): string {
  const entry = lastEntry(state, step.number);
  const head = `Step ${step.number}: ${renderTitle(step)}`;
  if (!entry) return `- [ ] ${head}${upcomingNote(def, step)}`;
  const by = entry.by?.length ? entry.by : approversOf(state, step.number);
  switch (entry.status) {
    case 'completed': {
      const took = entry.duration_ms !== undefined ? ` in ${formatDuration(entry.duration_ms)}` : '';
      const verb = step.command === null ? 'confirmed' : 'completed';
      const people = by.map(who).join(', ');
      const byWhom = by.length ? ` (${step.command === null ? 'by' : 'approved by'} ${people})` : '';
      return `- [x] ${head} — ${verb}${took}${byWhom}`;
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
      const list = approved.length ? `: ${approved.map((a) => literal(a, 100)).join(', ')}` : '';
      return `- [ ] ${head} — waiting for approval (${approved.length} of ${def.approval.min_approvals}${list})`;
    }
    case 'rejected':
      return `- [ ] ${head} — rejected${state.reason ? `: ${literal(state.reason)}` : ''}`;
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
  const title = step ? `Step ${step.number}: ${renderTitle(step)}` : `Step ${state.current_step}`;
  return state.waiting_for === 'confirmation'
    ? `Waiting for someone to confirm **${title}** with \`/done\`.`
    : `Waiting for approval of **${title}**.`;
}

/** Where the pinned SOP file can be read in full: a link to it at the pinned commit when the repository is known. */
function pinnedFile(state: RunState, opts: Partial<RenderOptions>): string {
  const { path, commit } = state.sop;
  const shown = codeSpan(path);
  if (!commit) return shown;
  if (!opts.serverUrl || !opts.repo) return `${shown} at commit ${commit}`;
  const url = `${opts.serverUrl.replace(/\/+$/, '')}/${opts.repo}/blob/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`;
  return `[${shown}](${url}) at commit ${commit}`;
}

/**
 * The command a gate approves, exactly: in a fence no line of it can close, invisible characters shown, and a
 * warning when it is too long to show in full (the approver is sent to the pinned file instead).
 */
export function renderCommandBlock(command: string, fullTextAt: string): string {
  const code = command.replace(/\n$/, '');
  const visible = showInvisible(code);
  const shown = cutAt(visible.text, SHOWN.command);
  const parts = [fenced(shown, 'bash')];
  if (visible.found.length > 0) {
    parts.push(
      `⚠️ **This command contains characters that do not show on screen** (${visible.found.join(', ')}); ` +
        'each is written above as ⟨U+…⟩ where it occurs. Make sure you know why before you approve.',
    );
  }
  if (shown.length < visible.text.length) {
    parts.push(
      `⚠️ **The command is too long to show here in full** (${code.length} characters; the first ${shown.length} are shown). ` +
        `Read all of it in ${fullTextAt} before you approve.`,
    );
  }
  return parts.join('\n\n');
}

/** The payload the run was started with, literally (JSON in a fence); secret inputs already read `***`. */
export function renderPayloadBlock(payload: Record<string, unknown>, stateBranch?: string): string {
  if (Object.keys(payload).length === 0) return '**Payload:** none; the run was started without one.';
  const json = showInvisible(JSON.stringify(payload, null, 2)).text;
  const shown = cutAt(json, SHOWN.payload);
  const more = shown.length < json.length ? `\n\n${truncatedNote(stateBranch)}` : '';
  return `**Payload** the run was started with (inputs marked \`secret\` show as \`***\`):\n\n${fenced(shown, 'json')}${more}`;
}

export function renderCurrentGate(def: SopDefinition, state: RunState, opts: Partial<RenderOptions>): string | null {
  const step = currentStep(def, state);
  if (state.status !== 'pending_approval' || !step) return null;
  const confirming = state.waiting_for === 'confirmation';
  const lines = [`### ${confirming ? 'Waiting for confirmation' : 'Waiting for approval'}: Step ${step.number}: ${renderTitle(step)}`];
  const file = pinnedFile(state, opts);
  if (step.command !== null) {
    lines.push(`Approving runs this command, exactly as pinned (${file}, sha256 \`${state.sop.sha256}\`):`);
    lines.push(renderCommandBlock(step.command, file));
  } else {
    lines.push('This is a manual step: do what it describes, then confirm it with `/done`. The run’s starter may confirm it.');
  }
  lines.push(renderPayloadBlock(state.payload, opts.stateBranch));
  if (step.description.trim()) {
    lines.push(`The SOP’s notes for this step (from ${file}):`);
    lines.push(quoted(boundText(step.description.trim(), SHOWN.stepDescription)));
  }
  const perm = opts.approverPermission ?? 'write';
  const a = def.approval;
  const listed = a.approvers.map((entry) => literal(entry, 100)).join(', ');
  const whoMay =
    a.approvers.length === 0
      ? `anyone with ${perm} permission or higher on the repository`
      : `${listed} (each also needs ${perm} permission or higher)`;
  const so = approversOf(state, step.number).map((p) => literal(p, 100));
  const facts = [`- **Who may ${confirming ? 'confirm' : 'approve'}:** ${whoMay}`];
  if (!confirming) {
    facts.push(
      `- **Approvals needed:** ${a.min_approvals} distinct ${a.min_approvals === 1 ? 'approver' : 'approvers'}` +
        (so.length ? ` (${so.length} so far: ${so.join(', ')})` : ''),
    );
    facts.push(
      a.allow_self_approval
        ? `- **Self-approval:** allowed; ${who(state.started_by)} (who started the run) may approve.`
        : `- **Self-approval:** not allowed; ${who(state.started_by)} (who started the run) may reject but not approve.`,
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
  const folder = runFolder(state.run_id);
  const base = `${opts.serverUrl.replace(/\/+$/, '')}/${opts.repo}`;
  const blob = `${base}/blob/${opts.stateBranch}/${folder}`;
  return [
    `Run folder: [${folder}](${base}/tree/${opts.stateBranch}/${folder})`,
    `[state.json](${blob}/state.json)`,
    `[audit.json](${blob}/audit.json)`,
    `[output.log](${blob}/output.log)`,
  ].join(' · ');
}
