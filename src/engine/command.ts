// A person's /approve, /reject or /done against a run: the eligibility rules of SPEC 5.5, then the decision.
import { advance, claim, neededFor } from './advance.js';
import { decideCancel, timeOutWait, waitExpiredBy } from './end-wait.js';
import { beginTransition, endRun, finish, isTerminal, record, unchanged } from './transition.js';
import type { RunState, Via, Wait } from './state-format.js';
import type { CommandEvent, Decided, RefusalRule } from './types.js';
import type { SopDefinition } from '../sop/types.js';

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** How the user would type the command on the channel it came from, for replies that say what to do. */
function spelled(via: Via, command: string): string {
  return via === 'cli' ? `sop ${command}` : `/${command}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A refused person is answered and audited once per wait (SPEC 5.5), so nobody can grow a run's audit by repeating a command. */
function refusalKey(state: RunState, by: string): string {
  return `${state.wait?.seq ?? state.waits}:${by.toLowerCase()}`;
}

function refuse(state: RunState, event: CommandEvent, rule: RefusalRule, reason: string): Decided {
  const key = refusalKey(state, event.by);
  if ((state.refused_in_wait ?? []).includes(key)) {
    return { ok: true, state, audit: [], effects: [{ type: 'refused', rule, reason, repeat: true }], summary: `${event.command} by ${event.by} refused again (not recorded)` };
  }
  const tx = beginTransition(state, event.at);
  tx.state.refused_refs = [...(tx.state.refused_refs ?? []), event.ref];
  tx.state.refused_in_wait = [...(tx.state.refused_in_wait ?? []), key];
  record(tx, 'command_refused', event.by, state.current_step, {
    rule,
    reason,
    command: event.command,
    ref: event.ref,
    issued_at: event.issued_at,
    ...(state.wait ? { wait: state.wait.seq } : {}),
  });
  tx.effects.push({ type: 'refused', rule, reason });
  tx.summary.push(`${event.command} by ${event.by} refused (${rule === 'state' ? 'state' : `rule ${rule}`})`);
  return finish(tx);
}

function threadOf(via: Via): string {
  if (via === 'issue_comment' || via === 'issues') return 'this issue belongs to';
  if (via === 'pull_request' || via === 'pull_request_review') return 'this pull request belongs to';
  return 'this command was sent to';
}

/**
 * Why a decision does not belong to the open wait (SPEC 3.1), or null when it does: issued before the wait
 * opened (a queued, late or re-run event), naming another step, or read from an earlier wait (the CLI).
 */
function staleness(state: RunState, wait: Wait, event: CommandEvent): string | null {
  const now = `step ${wait.step} waits for ${wait.waiting_for} now (wait ${wait.seq}, opened ${wait.opened_at})`;
  const again = `to ${event.command} step ${wait.step}, ${spelled(event.via, event.command)} again`;
  if (event.step !== undefined && event.step !== wait.step) {
    return `this ${event.command} names step ${event.step}, but ${now}; ${again}`;
  }
  if (event.wait_seq !== undefined && event.wait_seq !== wait.seq) {
    return `this ${event.command} was given for an earlier wait (wait ${event.wait_seq}); ${now}; ${again}`;
  }
  const issued = Date.parse(event.issued_at);
  if (!Number.isFinite(issued) || issued < Date.parse(wait.opened_at)) {
    return `this ${event.command} was issued at ${event.issued_at}, before the current wait opened, so it was given for an earlier wait; ${now}; ${again}`;
  }
  return null;
}

/** Reason the run cannot take any decision now, or null when it is waiting for one. */
function notWaiting(state: RunState): string | null {
  if (isTerminal(state.status)) return `${state.run_id} already ${state.status.replace('_', ' ')}; it takes no more decisions`;
  if (state.status === 'running') return `${state.run_id} is running step ${state.current_step}; it is not waiting for a decision`;
  return null;
}

/** Rule 3: when approvers are named, the author must be one of the logins or in one of the teams. */
function eligible(def: SopDefinition, event: CommandEvent): boolean {
  const approvers = def.approval.approvers;
  if (approvers.length === 0) return true;
  const teams = event.teams ?? [];
  // Teams and `codeowners` are resolved by the edge (through GitHub); it reports which ones let the author through.
  return approvers.some((entry) =>
    entry.startsWith('@') || entry === 'codeowners' ? teams.some((team) => sameLogin(team, entry)) : sameLogin(entry, event.by),
  );
}

/** Distinct people (first spelling seen) who approved or confirmed wait `seq`. */
function passersOf(state: RunState, seq: number): string[] {
  const people: string[] = [];
  for (const a of state.approvals) {
    if (a.wait !== seq || a.decision === 'reject') continue;
    if (!people.some((p) => sameLogin(p, a.by))) people.push(a.by);
  }
  return people;
}

function reject(state: RunState, wait: Wait, event: CommandEvent, reason: string): Decided {
  const step = wait.step;
  const tx = beginTransition(state, event.at);
  const s = tx.state;
  s.approvals.push({ step, wait: wait.seq, by: event.by, decision: 'reject', at: event.issued_at, via: event.via, ref: event.ref, comment: reason });
  s.history.push({ step, status: 'rejected', output: '', timestamp: event.at, by: [event.by] });
  record(tx, 'rejected', event.by, step, { reason, via: event.via, ref: event.ref, wait: wait.seq, issued_at: event.issued_at });
  tx.effects.push({ type: 'accepted', decision: 'reject', by: event.by, step });
  endRun(tx, { status: 'rejected', reason, auditType: 'run_rejected', actor: event.by });
  tx.summary.push(`rejected by ${event.by}: ${reason}`);
  return finish(tx);
}

export function decideCommand(def: SopDefinition, state: RunState, event: CommandEvent): Decided {
  // a. A redelivered event (same source) changes nothing, whether it was accepted or refused.
  if (state.approvals.some((a) => a.ref === event.ref) || (state.refused_refs ?? []).includes(event.ref)) {
    return unchanged(state, `${event.command} by ${event.by} already recorded (${event.ref})`, true);
  }
  // A gate past approval.timeout has timed out even if no sweep ran yet: it takes no more decisions.
  const waited = waitExpiredBy(def, state, event.at);
  if (waited !== null) {
    const tx = beginTransition(state, event.at);
    const reason = timeOutWait(tx, def, waited);
    tx.state.refused_refs = [...(tx.state.refused_refs ?? []), event.ref];
    record(tx, 'command_refused', event.by, state.current_step, { rule: 'state', reason, command: event.command, ref: event.ref });
    tx.effects.push({ type: 'refused', rule: 'state', reason: `too late: ${reason}` });
    return finish(tx);
  }
  // b. Rule 5: the command must name this run.
  if (event.run_id_given !== undefined && event.run_id_given !== state.run_id) {
    return refuse(state, event, 5, `${threadOf(event.via)} run ${state.run_id}; the command names run ${event.run_id_given}`);
  }
  // c. Rules the edge checked against GitHub (bot, permission, team lookup).
  if (event.precheck !== undefined) return refuse(state, event, event.precheck.rule, event.precheck.reason);
  if (event.command === 'status') return unchanged(state, `status asked by ${event.by}`);
  if (event.command === 'cancel') {
    // Rules 1-3 (the edge's precheck, and the approvers list here); the starter may always cancel.
    if (!eligible(def, event) && !sameLogin(event.by, state.started_by)) {
      return refuse(state, event, 3, `${event.by} is not listed in approval.approvers (${def.approval.approvers.join(', ')}) and did not start this run; ask one of them to cancel`);
    }
    if (isTerminal(state.status)) return refuse(state, event, 'state', `${state.run_id} already ${state.status.replace('_', ' ')}; there is nothing to cancel`);
    const reason = event.reason?.trim() || `cancelled by ${event.by}`;
    return decideCancel(state, { type: 'cancel', by: event.by, at: event.at, reason });
  }
  // d. The run must be waiting for a decision.
  const idle = notWaiting(state);
  if (idle !== null || state.wait === null) return refuse(state, event, 'state', idle ?? `${state.run_id} is not waiting for a decision`);
  const wait = state.wait;
  // e. Rule 5 / SPEC 3.1: a decision counts only for the wait that was open when it was issued.
  const stale = staleness(state, wait, event);
  if (stale !== null) return refuse(state, event, 5, stale);
  // f. Rule 3.
  if (!eligible(def, event)) {
    const who = def.approval.approvers.join(', ');
    return refuse(state, event, 3, `${event.by} is not listed in approval.approvers (${who}); ask one of them to ${event.command}`);
  }

  const step = wait.step;
  if (event.command === 'reject') {
    const reason = event.reason?.trim() ?? '';
    if (reason === '') {
      return refuse(state, event, 'state', `a rejection needs a reason: ${spelled(event.via, 'reject')} ${event.via === 'cli' ? `${state.run_id} --reason TEXT` : '<reason>'}`);
    }
    return reject(state, wait, event, reason);
  }

  // g. The command against the kind of wait: /done confirms manual steps only, /approve passes gates only.
  const manual = def.steps[step - 1]?.command === null;
  const waitingFor = wait.waiting_for;
  if (waitingFor === 'approval' && event.command === 'done' && !manual) {
    return refuse(
      state,
      event,
      'state',
      `${spelled(event.via, 'done')} confirms a manual step; step ${step} waits for approval: use ${spelled(event.via, 'approve')}`,
    );
  }
  if (waitingFor === 'confirmation' && event.command === 'approve') {
    return refuse(
      state,
      event,
      'state',
      `step ${step} is a manual step with no approval gate: once it is done, confirm it with ${spelled(event.via, 'done')}; ${spelled(event.via, 'approve')} does not confirm it`,
    );
  }
  const isApproval = waitingFor === 'approval';
  const needed = neededFor(def, waitingFor);
  // h. Rule 4 guards approvals only: the starter may still confirm a manual step, and may reject.
  if (isApproval && !def.approval.allow_self_approval && sameLogin(event.by, state.started_by)) {
    return refuse(
      state,
      event,
      4,
      `${state.started_by} started this run; approval.allow_self_approval is false, so another person must approve`,
    );
  }
  // i. Each person counts once per wait.
  const before = passersOf(state, wait.seq);
  if (before.some((p) => sameLogin(p, event.by))) {
    return refuse(state, event, 'state', `${event.by} already approved step ${step}; it needs ${plural(needed, 'distinct approver')}`);
  }

  const tx = beginTransition(state, event.at, event.runner);
  const s = tx.state;
  s.approvals.push({
    step,
    wait: wait.seq,
    by: event.by,
    decision: event.command,
    at: event.issued_at,
    via: event.via,
    ref: event.ref,
    ...(event.comment !== undefined ? { comment: event.comment } : {}),
  });
  const passers = [...before, event.by];
  record(tx, isApproval ? 'approved' : 'confirmed', event.by, step, {
    count: passers.length,
    needed,
    decision: event.command,
    via: event.via,
    ref: event.ref,
    wait: wait.seq,
    issued_at: event.issued_at,
    ...(event.comment !== undefined ? { comment: event.comment } : {}),
  });
  tx.effects.push({ type: 'accepted', decision: event.command, by: event.by, step });
  tx.summary.push(
    isApproval
      ? `step ${step} approved by ${event.by} (${passers.length} of ${needed})`
      : `step ${step} confirmed by ${event.by}`,
  );

  if (passers.length < needed) {
    tx.effects.push({ type: 'gate_progress', step, approvals: passers, needed });
    return finish(tx);
  }
  if (!manual) {
    claim(tx, def, step, event.by);
    return finish(tx);
  }
  // A manual step is done once its wait passes: the people who passed it did the work.
  s.history.push({ step, status: 'completed', output: '', timestamp: event.at, by: passers });
  record(tx, 'step_completed', event.by, step, { manual: true, by: passers });
  tx.effects.push({ type: 'step_finished', step, status: 'completed' });
  advance(tx, def, step + 1, event.by);
  return finish(tx);
}
