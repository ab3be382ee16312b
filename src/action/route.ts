// Turns a GitHub event (untrusted JSON) and the Action's inputs into one typed request (SPEC 5.2). PURE.
import type { RunTrigger } from '../engine/state-format.js';
import { UserError } from '../errors.js';
import { isBot } from '../github/eligibility.js';
import { findRunMarker, parseCommand } from '../github/render.js';
import { normalizeCron } from '../sop/cron.js';
import type { Trigger } from '../sop/types.js';
import {
  ACTION_COMMANDS,
  isPlainObject,
  parseChoice,
  parsePayloadText,
  parseRunIdText,
  parseStepText,
  withLabel,
  type ActionCommand,
  type ActionInputs,
} from './inputs.js';
import type { ActionRequest, Actor, PullSource } from './request.js';

export interface RouteArgs {
  /** GITHUB_EVENT_NAME. */
  eventName: string;
  /** The parsed JSON of GITHUB_EVENT_PATH: untrusted, every field is checked before use. */
  payload: unknown;
  inputs: ActionInputs;
  /** GITHUB_RUN_ID: identifies a dispatch-sourced decision, so a re-run is recognised. */
  runId: string;
  /** GITHUB_ACTOR: who to credit when the event has no sender. */
  actor: string;
}

/** A comment's text kept with a decision: enough to audit, bounded so state files stay small. */
const COMMENT_LIMIT = 1000;

type ExecuteRequest = Extract<ActionRequest, { kind: 'execute' }>;

/**
 * A schedule or a repository_dispatch names its SOPs by their triggers. Routing does not read SOP
 * files: main.ts reads the frontmatter of every SOP for this request only, and matchTriggers
 * turns it into the request to execute.
 */
export type TriggerMatch = Omit<ExecuteRequest, 'kind' | 'sops' | 'trigger'> & {
  kind: 'match-triggers';
  trigger: Exclude<RunTrigger, { type: 'manual' }>;
};

/** What an event asks for: a request, or a trigger match to resolve against the SOPs' frontmatter first. */
export type RoutedEvent = ActionRequest | TriggerMatch;

/** The SOPs whose triggers match (a cron expression up to whitespace, a webhook path); an unmatched dispatch is ignored. */
export function matchTriggers(match: TriggerMatch, sops: readonly { name: string; triggers: readonly Trigger[] }[]): ActionRequest {
  const { kind: _kind, trigger, ...rest } = match;
  const names = sops.filter((sop) => sop.triggers.some((t) => triggerMatches(t, trigger))).map((sop) => sop.name);
  if (names.length === 0 && trigger.type === 'webhook') {
    return ignore(`repository_dispatch type "${trigger.event_type}" matches no SOP (send "sop:<name>", or add a webhook trigger with path /${trigger.event_type})`);
  }
  // The sweep of a schedule runs even when nothing matched.
  return { kind: 'execute', sops: [...new Set(names)], trigger, ...rest };
}

function triggerMatches(t: Trigger, fired: TriggerMatch['trigger']): boolean {
  if (fired.type === 'cron') return t.type === 'cron' && normalizeCron(t.expression) === fired.expression;
  return t.type === 'webhook' && (t.path === `/${fired.event_type}` || t.path === fired.event_type);
}

export function routeEvent(args: RouteArgs): RoutedEvent {
  const event = isPlainObject(args.payload) ? args.payload : {};
  const command = args.inputs.command;
  if (command !== 'auto') return fromInputs(args, event, command);
  if (!isPlainObject(args.payload)) {
    return ignore(`the ${args.eventName} event payload is not a JSON object (check GITHUB_EVENT_PATH)`);
  }
  switch (args.eventName) {
    case 'workflow_dispatch':
      return fromWorkflowDispatch(args, event);
    case 'schedule':
      return fromSchedule(event);
    case 'repository_dispatch':
      return fromRepositoryDispatch(args, event);
    case 'issue_comment':
      return fromIssueComment(event);
    case 'issues':
      return fromIssues(event);
    case 'pull_request_review':
      return fromPullRequestReview(event);
    case 'pull_request':
    case 'pull_request_target':
      return fromPullRequest(event);
    default:
      return ignore(`event ${args.eventName} is not one sop-engine acts on`);
  }
}

/** What to do, whether it came from `with:` or from a dispatch's inputs. */
interface CommandSpec {
  command: Exclude<ActionCommand, 'auto'>;
  sop?: string;
  payload: Record<string, unknown>;
  runId?: string;
  reason?: string;
  step?: number;
  /** How the user names each input, for errors: `with: sop:` or `workflow_dispatch input "sop"`. */
  label: (name: string) => string;
}

function fromInputs(args: RouteArgs, event: Record<string, unknown>, command: Exclude<ActionCommand, 'auto'>): ActionRequest {
  const { inputs } = args;
  return fromSpec(args, event, {
    command,
    sop: inputs.sop,
    payload: inputs.payload,
    runId: inputs.runId,
    reason: inputs.reason,
    step: inputs.step,
    label: withLabel,
  });
}

/**
 * Dispatch inputs win; one left empty falls back to the step's `with:` value, so a workflow may
 * fix e.g. `sop` in `with:` and let the person who dispatches supply only the payload.
 */
function fromWorkflowDispatch(args: RouteArgs, event: Record<string, unknown>): ActionRequest {
  const raw = event['inputs'];
  if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
    throw new UserError('the workflow_dispatch event has "inputs" that are not an object; dispatch the workflow again from the Actions tab or the API');
  }
  const given = raw ?? {};
  const label = (name: string): string => `workflow_dispatch input "${name}"`;
  const text = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = given[name];
      if (value === undefined || value === null) continue;
      if (typeof value === 'boolean' || typeof value === 'number') return String(value);
      if (typeof value !== 'string') throw new UserError(`${label(name)} must be text, but it is ${typeof value}`);
      if (value.trim() !== '') return value.trim();
    }
    return undefined;
  };
  const commandText = text('command') ?? 'execute';
  const allowed = ACTION_COMMANDS.filter((c): c is Exclude<ActionCommand, 'auto'> => c !== 'auto');
  const command = parseChoice(commandText, allowed, label('command'));
  const runIdText = text('run-id', 'run_id');
  const payloadText = text('payload');
  return fromSpec(args, event, {
    command,
    sop: text('sop') ?? args.inputs.sop,
    payload: payloadText === undefined ? args.inputs.payload : parsePayloadText(payloadText, label('payload')),
    runId: runIdText === undefined ? args.inputs.runId : parseRunIdText(runIdText, label('run-id')),
    reason: text('reason') ?? args.inputs.reason,
    step: ((s) => (s === undefined ? args.inputs.step : parseStepText(s, label('step'))))(text('step')),
    label,
  });
}

function fromSpec(args: RouteArgs, event: Record<string, unknown>, spec: CommandSpec): ActionRequest {
  const sender = actorOf(event['sender']);
  const actor: Actor = sender ?? { login: args.actor, type: 'User' };
  switch (spec.command) {
    case 'list':
    case 'validate':
    case 'sweep':
      return { kind: spec.command };
    case 'execute': {
      if (spec.sop === undefined) {
        throw new UserError(`command execute needs an SOP name: set ${spec.label('sop')} to the name of an SOP (\`sop list\` shows them)`);
      }
      const trigger: RunTrigger = { type: 'manual' };
      return { kind: 'execute', sops: [spec.sop], payload: spec.payload, startedBy: actor.login, actor, trigger, sweepAfter: false };
    }
    case 'status':
      return { kind: 'status', runId: requireRunId(spec), issueNumber: null, actor, commentId: null, issuedAt: null };
    case 'approve':
    case 'reject':
    case 'done':
    case 'cancel': {
      const runId = requireRunId(spec);
      if (spec.command === 'reject' && spec.reason === undefined) {
        throw new UserError(`command reject needs a reason: set ${spec.label('reason')} to why the run is rejected`);
      }
      return {
        kind: 'command',
        command: spec.command,
        runId,
        issueNumber: null,
        actor,
        via: 'workflow_dispatch',
        ref: `dispatch:${args.runId}`,
        ...(spec.reason === undefined ? {} : { reason: spec.reason }),
        ...(spec.step === undefined ? {} : { step: spec.step }),
        commentId: null,
        issuedAt: null,
      };
    }
  }
}

function requireRunId(spec: CommandSpec): string {
  if (spec.runId === undefined) {
    throw new UserError(`command ${spec.command} needs a run id: set ${spec.label('run-id')} (e.g. run-20261126-k3f9x2; the run's issue title shows it)`);
  }
  return spec.runId;
}

/**
 * Every SOP with a cron trigger equal to the schedule that fired. The request carries one
 * trigger for all of them: the normalised schedule, which equals each SOP's own expression up
 * to whitespace. The sweep runs even when nothing matched.
 */
function fromSchedule(event: Record<string, unknown>): RoutedEvent {
  const schedule = event['schedule'];
  // Without the cron string nothing can be matched, but gates past their timeout still end.
  if (typeof schedule !== 'string' || schedule.trim() === '') return { kind: 'sweep' };
  return {
    kind: 'match-triggers',
    payload: {},
    startedBy: 'schedule',
    actor: null,
    trigger: { type: 'cron', expression: normalizeCron(schedule) },
    sweepAfter: true,
  };
}

function fromRepositoryDispatch(args: RouteArgs, event: Record<string, unknown>): RoutedEvent {
  const eventType = nonEmptyString(event['action']) ?? nonEmptyString(event['event_type']);
  if (eventType === undefined) return ignore('the repository_dispatch event has no event type');
  let name: string | undefined;
  if (eventType.startsWith('sop:')) {
    name = eventType.slice('sop:'.length).trim();
    if (name === '') {
      throw new UserError('repository_dispatch event type "sop:" names no SOP: send event_type "sop:<name>", e.g. "sop:deploy-frontend"');
    }
  }
  const clientPayload = event['client_payload'];
  if (clientPayload !== undefined && clientPayload !== null && !isPlainObject(clientPayload)) {
    throw new UserError(`repository_dispatch "${eventType}": client_payload must be a JSON object, e.g. {"version": "v1.2.3"}`);
  }
  const sender = actorOf(event['sender']);
  const start = {
    payload: clientPayload ?? {},
    startedBy: sender?.login ?? args.actor,
    actor: sender ?? { login: args.actor, type: 'User' },
    trigger: { type: 'webhook' as const, event_type: eventType },
    sweepAfter: false,
  };
  // An unknown name is passed on: the engine's "unknown SOP" error lists the known ones.
  return name === undefined ? { kind: 'match-triggers', ...start } : { kind: 'execute', sops: [name], ...start };
}

function fromIssueComment(event: Record<string, unknown>): ActionRequest {
  const action = event['action'];
  if (action === 'edited' || action === 'deleted') return ignore('comment edits and deletions are ignored');
  if (action !== 'created') return ignore(`issue_comment action ${String(action)} is ignored`);
  const issue = runIssue(event['issue']);
  if (typeof issue === 'string') return ignore(issue);
  const comment = event['comment'];
  if (!isPlainObject(comment)) return ignore('the issue_comment event has no comment');
  const body = comment['body'];
  if (typeof body !== 'string') return ignore('the comment has no text');
  const parsed = parseCommand(body);
  if (parsed === null) return ignore('the comment is not a sop-engine command');
  const commentId = positiveInteger(comment['id']);
  if (commentId === undefined) return ignore('the comment has no id');
  const actor = actorOf(comment['user']);
  if (actor === null) return ignore('the comment has no author');
  const createdAt = isoTime(comment['created_at']);
  if (createdAt === undefined) return ignore('the comment has no valid created_at time');
  if (parsed.command === 'status') {
    return { kind: 'status', runId: issue.runId, issueNumber: issue.number, actor, commentId, issuedAt: createdAt };
  }
  // A comment in a PR's conversation arrives as an issue_comment whose issue carries `pull_request`.
  const onPull = isPlainObject(event['issue']) && isPlainObject(event['issue']['pull_request']);
  return {
    kind: 'command',
    command: parsed.command,
    runId: issue.runId,
    issueNumber: issue.number,
    actor,
    via: 'issue_comment',
    ref: `comment:${commentId}`,
    ...(parsed.reason === undefined ? {} : { reason: parsed.reason }),
    comment: body.trim().slice(0, COMMENT_LIMIT),
    commentId,
    issuedAt: createdAt,
    ...(parsed.step === undefined ? {} : { step: parsed.step }),
    ...(parsed.runId === undefined ? {} : { runIdGiven: parsed.runId }),
    ...(onPull ? { pull: { number: issue.number } } : {}),
  };
}

/** What the event says about an approval PR: its number, marker and branches. */
function pullOf(value: unknown): { runId: string; source: PullSource } | string {
  const issue = runIssue(value);
  if (typeof issue === 'string') return issue === 'not a sop-engine run issue' ? 'not a sop-engine approval pull request' : issue;
  const pr = isPlainObject(value) ? value : {};
  const head = isPlainObject(pr['head']) ? pr['head'] : {};
  const base = isPlainObject(pr['base']) ? pr['base'] : {};
  const headRef = nonEmptyString(head['ref']);
  const headSha = nonEmptyString(head['sha']);
  const baseRef = nonEmptyString(base['ref']);
  return {
    runId: issue.runId,
    source: {
      number: issue.number,
      ...(headRef === undefined ? {} : { headRef }),
      ...(headSha === undefined ? {} : { headSha }),
      ...(baseRef === undefined ? {} : { baseRef }),
    },
  };
}

/**
 * A submitted review on an approval PR: `approved` approves, `changes_requested` rejects with the
 * review text as reason, a `commented` review takes the comment commands (5.4) on its first line.
 */
function fromPullRequestReview(event: Record<string, unknown>): ActionRequest {
  const action = event['action'];
  if (action !== 'submitted') return ignore(`pull_request_review action ${String(action)} is ignored (only submitted reviews decide)`);
  const pull = pullOf(event['pull_request']);
  if (typeof pull === 'string') return ignore(pull);
  const review = event['review'];
  if (!isPlainObject(review)) return ignore('the pull_request_review event has no review');
  const reviewId = positiveInteger(review['id']);
  if (reviewId === undefined) return ignore('the review has no id');
  const actor = actorOf(review['user']);
  if (actor === null) return ignore('the review has no author');
  const body = typeof review['body'] === 'string' ? review['body'] : '';
  const state = typeof review['state'] === 'string' ? review['state'].toLowerCase() : '';
  const submittedAt = isoTime(review['submitted_at']);
  if (submittedAt === undefined) return ignore('the review has no valid submitted_at time');
  const base = {
    kind: 'command' as const,
    runId: pull.runId,
    issueNumber: pull.source.number,
    actor,
    via: 'pull_request_review' as const,
    ref: `review:${reviewId}`,
    commentId: null,
    ...(body.trim() === '' ? {} : { comment: body.trim().slice(0, COMMENT_LIMIT) }),
    issuedAt: submittedAt,
  };
  const source: PullSource = { ...pull.source, reviewId };
  switch (state) {
    case 'approved':
      return { ...base, command: 'approve', pull: { ...source, reviewApproved: true } };
    case 'changes_requested': {
      const reason = body.trim() === '' ? `changes requested by ${actor.login} in a review` : body.trim().slice(0, COMMENT_LIMIT);
      return { ...base, command: 'reject', reason, pull: source };
    }
    case 'commented': {
      const parsed = parseCommand(body);
      if (parsed === null) return ignore('the review comment is not a sop-engine command');
      if (parsed.command === 'status') return { kind: 'status', runId: pull.runId, issueNumber: pull.source.number, actor, commentId: null, issuedAt: submittedAt };
      return {
        ...base,
        command: parsed.command,
        pull: source,
        ...(parsed.reason === undefined ? {} : { reason: parsed.reason }),
        ...(parsed.step === undefined ? {} : { step: parsed.step }),
        ...(parsed.runId === undefined ? {} : { runIdGiven: parsed.runId }),
      };
    }
    default:
      return ignore(`a review in state ${state || 'unknown'} decides nothing`);
  }
}

/** An approval PR closed without merging, by a person: a rejection (5.2). */
function fromPullRequest(event: Record<string, unknown>): ActionRequest {
  const action = event['action'];
  if (action !== 'closed') return ignore(`pull_request action ${String(action)} is ignored`);
  const pull = pullOf(event['pull_request']);
  if (typeof pull === 'string') return ignore(pull);
  const pr = isPlainObject(event['pull_request']) ? event['pull_request'] : {};
  if (pr['merged'] === true) return ignore(`approval pull request #${pull.source.number} was merged; merging decides nothing (approve it in a review)`);
  const actor = actorOf(event['sender']);
  if (actor === null) return ignore('the pull_request event has no sender');
  // The engine closes a decided gate's PR itself (and its events start no workflow run); only a person's close rejects.
  if (isBot(actor.login, actor.type)) return ignore(`pull request closed by a bot (${actor.login})`);
  const when = isoTime(pr['closed_at']) ?? isoTime(pr['updated_at']);
  if (when === undefined) return ignore('the pull_request event has no valid closed_at time');
  return {
    kind: 'command',
    command: 'reject',
    runId: pull.runId,
    issueNumber: pull.source.number,
    actor,
    via: 'pull_request',
    ref: `pull-closed:${pull.source.number}:${when}`,
    reason: `pull request #${pull.source.number} closed by ${actor.login}`,
    commentId: null,
    issuedAt: when,
    pull: pull.source,
  };
}

function fromIssues(event: Record<string, unknown>): ActionRequest {
  const action = event['action'];
  if (action !== 'closed') return ignore(`issues action ${String(action)} is ignored`);
  const issue = runIssue(event['issue']);
  if (typeof issue === 'string') return ignore(issue);
  const actor = actorOf(event['sender']);
  if (actor === null) return ignore('the issues event has no sender');
  // The engine closes a finished run's issue itself; only a person's close is a rejection.
  if (isBot(actor.login, actor.type)) return ignore(`issue closed by a bot (${actor.login})`);
  const raw = isPlainObject(event['issue']) ? event['issue'] : {};
  const when = [raw['closed_at'], raw['updated_at']].find((t): t is string => isoTime(t) !== undefined);
  if (when === undefined) return ignore('the closed issue has no valid closed_at time');
  return {
    kind: 'command',
    command: 'reject',
    runId: issue.runId,
    issueNumber: issue.number,
    actor,
    via: 'issues',
    ref: `issue-closed:${issue.number}:${when}`,
    reason: `issue closed by ${actor.login}`,
    commentId: null,
    issuedAt: isoTime(when) ?? when,
  };
}

/** The run an issue (or PR) belongs to, or why it is not a run's issue. */
function runIssue(value: unknown): { number: number; runId: string } | string {
  if (!isPlainObject(value)) return 'the event has no issue';
  const number = positiveInteger(value['number']);
  if (number === undefined) return 'the issue has no number';
  const body = value['body'];
  const runId = typeof body === 'string' ? findRunMarker(body) : null;
  if (runId === null) return 'not a sop-engine run issue';
  return { number, runId };
}

function actorOf(value: unknown): Actor | null {
  if (!isPlainObject(value)) return null;
  const login = nonEmptyString(value['login']);
  const type = nonEmptyString(value['type']);
  if (login === undefined || type === undefined) return null;
  return { login, type };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** An ISO 8601 time as GitHub sends it, normalised; undefined when missing or not a time. */
function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function ignore(reason: string): ActionRequest {
  return { kind: 'ignore', reason };
}
