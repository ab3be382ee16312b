// The `channel_opened` event: the GitHub edge opened an issue or approval PR for the run; the run records it (one writer).
import { beginTransition, finish, record, unchanged } from './transition.js';
import type { ChannelEvent, ChannelState, Decided, RunState } from './types.js';

export function decideChannel(state: RunState, event: ChannelEvent): Decided {
  const before = state.channel;
  let channel: ChannelState;
  if (event.channel === 'issue') {
    if (before?.issue_number === event.number) return unchanged(state, `issue #${event.number} already recorded`);
    channel = { ...before, type: before?.type ?? 'issue', issue_number: event.number };
  } else {
    if (event.step === undefined || event.branch === undefined) {
      return { ok: false, error: 'a pull-request channel needs the step it asks about and its branch' };
    }
    const key = String(event.step);
    const known = before?.pulls?.[key];
    if (known?.number === event.number && known.branch === event.branch) return unchanged(state, `pull request #${event.number} already recorded`);
    channel = { ...before, type: 'pull-request', pulls: { ...before?.pulls, [key]: { number: event.number, branch: event.branch } } };
  }
  const tx = beginTransition(state, event.at);
  tx.state.channel = channel;
  const what = event.channel === 'issue' ? `issue #${event.number}` : `pull request #${event.number}`;
  record(tx, 'channel_opened', 'system', event.step ?? state.current_step, {
    channel: event.channel,
    ...(event.channel === 'issue' ? { issue_number: event.number } : { pull_number: event.number, branch: event.branch }),
  });
  tx.summary.push(`${what} opened for approvals`);
  return finish(tx);
}
