// What the Action did for one request: the runs it touched (for outputs and the summary) and whether it failed.
import type { RunState } from '../engine/state-format.js';
import type { SopDefinition } from '../sop/types.js';

/** A run this workflow run touched, for outputs and the job summary. */
export interface Touched {
  state: RunState;
  def: SopDefinition | undefined;
}

export interface HandleResult {
  runs: Touched[];
  /** Set when the request was refused or failed in a way the workflow run should show as failed. */
  failure?: string;
}
