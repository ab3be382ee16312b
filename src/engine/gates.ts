// Where a run waits: the effective execution mode and whether a gate stands before a step.
import type { EffectiveMode, SopDefinition } from '../sop/types.js';

/** Resolves `priority_based` (SPEC 3.1): urgent work runs unattended, the rest is supervised. */
export function effectiveMode(def: SopDefinition): EffectiveMode {
  if (def.execution_mode !== 'priority_based') return def.execution_mode;
  return def.priority === 'high' || def.priority === 'critical' ? 'auto' : 'supervised';
}

/** True when the run must wait for approval before step `step` (1-based) runs. */
export function gateBefore(def: SopDefinition, step: number): boolean {
  const explicit = def.steps[step - 1]?.gate ?? false;
  switch (effectiveMode(def)) {
    case 'auto':
      return explicit;
    case 'supervised':
      return step === 1 || explicit;
    case 'step_by_step':
      return true;
  }
}
