// Loads the SOP a run pinned at its start: the text recorded in its run_started audit event.
import { UserError } from '../errors.js';
import type { RunSnapshot } from '../store/types.js';
import { parseSop } from '../sop/parse.js';
import type { SopDefinition } from '../sop/types.js';

/** The pinned SOP text of a run, checked against the sha256 in its state. */
export function pinnedSource(snapshot: RunSnapshot): string {
  const started = snapshot.audit.events.find((e) => e.type === 'run_started');
  const source = started?.details['sop_source'];
  if (typeof source !== 'string') {
    throw new UserError(
      `${snapshot.state.run_id}: its audit record has no pinned SOP text (run_started event missing); run \`sop verify ${snapshot.state.run_id}\``,
    );
  }
  return source;
}

/** Parse a run's pinned SOP; resumed steps run this text, never the working tree's. */
export function pinnedDefinition(snapshot: RunSnapshot): SopDefinition {
  const { state } = snapshot;
  const parsed = parseSop(state.sop.path, pinnedSource(snapshot));
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new UserError(`${state.run_id}: its pinned SOP no longer parses (${first?.message ?? 'unknown error'})`);
  }
  if (parsed.sop.sha256 !== state.sop.sha256) {
    throw new UserError(
      `${state.run_id}: the pinned SOP text does not match sha256 ${state.sop.sha256} recorded at start; run \`sop verify ${state.run_id}\``,
    );
  }
  return parsed.sop;
}
