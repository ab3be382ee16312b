// The run state machine: (SOP, state, event) → next state, audit entries and effects. Pure: no I/O, no clock.
import { decideChannel, decideChannelClosed } from './channel.js';
import { decideCommand } from './command.js';
import { decideCancel, decideRunnerLost, decideSweep } from './end-wait.js';
import { decideStart } from './start.js';
import { decideStepFinished } from './step-finished.js';
import type { RunState } from './state-format.js';
import type { Decided, EngineEvent } from './types.js';
import type { SopDefinition } from '../sop/types.js';

export function decide(def: SopDefinition, state: RunState | null, event: EngineEvent): Decided {
  if (event.type === 'start') {
    if (state !== null) return { ok: false, error: `${state.run_id} already exists; a run starts only once` };
    return decideStart(def, event);
  }
  if (state === null) return { ok: false, error: `no run to apply "${event.type}" to; start a run first` };
  if (state.sop_name !== def.name) {
    return { ok: false, error: `${state.run_id} runs SOP "${state.sop_name}", not "${def.name}"; load the run's own SOP` };
  }
  switch (event.type) {
    case 'command':
      return decideCommand(def, state, event);
    case 'step_finished':
      return decideStepFinished(def, state, event);
    case 'sweep':
      return decideSweep(def, state, event);
    case 'cancel':
      return decideCancel(state, event);
    case 'channel_opened':
      return decideChannel(state, event);
    case 'runner_lost':
      return decideRunnerLost(state, event);
    case 'channel_closed':
      return decideChannelClosed(state, event);
  }
}
