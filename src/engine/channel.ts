// The `channel_opened` event: the GitHub edge opened an issue or approval PR for the run; the run records it (one writer).
import { beginTransition, finish, record, unchanged } from './transition.js';
import type { ChannelState, RunState } from './state-format.js';
import type { ChannelClosedEvent, ChannelEvent, Decided } from './types.js';

export function decideChannel(state: RunState, event: ChannelEvent): Decided {
  const before = state.channel;
  let channel: ChannelState;
  if (event.channel === 'issue') {
    if (before?.issue_number === event.number) return unchanged(state, `issue #${event.number} already recorded`);
    channel = { ...before, type: before?.type ?? 'issue', issue_number: event.number };
  } else {
    if (event.step === undefined || event.branch === undefined || event.head_sha === undefined || event.base === undefined) {
      return { ok: false, error: 'a pull-request channel needs the step it asks about, its branch, head commit and base' };
    }
    const key = String(event.step);
    const known = before?.pulls?.[key];
    if (known?.open && known.number === event.number && known.branch === event.branch) return unchanged(state, `pull request #${event.number} already recorded`);
    const pull = { number: event.number, branch: event.branch, head_sha: event.head_sha, base: event.base, open: true };
    channel = { ...before, type: 'pull-request', pulls: { ...before?.pulls, [key]: pull } };
  }
  const tx = beginTransition(state, event.at);
  tx.state.channel = channel;
  const what = event.channel === 'issue' ? `issue #${event.number}` : `pull request #${event.number}`;
  record(tx, 'channel_opened', 'system', event.step ?? state.current_step, {
    channel: event.channel,
    ...(event.channel === 'issue'
      ? { issue_number: event.number }
      : { pull_number: event.number, branch: event.branch, head_sha: event.head_sha, base: event.base }),
  });
  tx.summary.push(`${what} opened for approvals`);
  return finish(tx);
}

/** A decided wait's approval PR was closed: it stops being a channel (its events are refused from now on). */
export function decideChannelClosed(state: RunState, event: ChannelClosedEvent): Decided {
  const key = String(event.step);
  const known = state.channel?.pulls?.[key];
  if (!known || known.number !== event.number || !known.open) return unchanged(state, `pull request #${event.number} already closed`);
  const tx = beginTransition(state, event.at);
  tx.state.channel = { ...state.channel, type: state.channel?.type ?? 'pull-request', pulls: { ...state.channel?.pulls, [key]: { ...known, open: false } } };
  record(tx, 'channel_closed', 'system', event.step, { channel: 'pull-request', pull_number: event.number });
  tx.summary.push(`pull request #${event.number} of step ${event.step} closed`);
  return finish(tx);
}
