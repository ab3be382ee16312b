// Builds the environment a step runs with (SPEC 3.3): the caller's environment plus the SOP_* variables.
import type { StepRequest } from './types.js';

/**
 * Turns a payload or output key into the tail of an environment variable name: upper-cased,
 * every character outside A-Z0-9 becomes `_`. The `u` flag makes an emoji one `_`, not two.
 */
export function envKey(key: string): string {
  return key.toUpperCase().replace(/[^A-Z0-9]/gu, '_');
}

/** A payload value as environment text, or undefined when it is not a top-level scalar. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Non-finite numbers serialise as `null` in SOP_PAYLOAD, so they are skipped like null.
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value);
  return undefined;
}

/** Step numbers in ascending numeric order ("10" after "9"), anything non-numeric last, in its original order. */
function stepsInOrder(outputs: StepRequest['outputs']): string[] {
  const rank = (step: string): number => {
    const n = Number(step);
    return step.trim() !== '' && Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
  };
  return Object.keys(outputs).sort((a, b) => rank(a) - rank(b));
}

/**
 * Variables a step never inherits (SPEC 5.6): the Action's inputs (INPUT_GITHUB-TOKEN among them),
 * the runner's own credentials, and GITHUB_TOKEN, which a step gets only when its SOP asks for it.
 */
export function isWithheld(name: string): boolean {
  return (
    name.startsWith('INPUT_') ||
    name.startsWith('ACTIONS_ID_TOKEN_REQUEST_') ||
    name === 'ACTIONS_RUNTIME_TOKEN' ||
    name === 'ACTIONS_CACHE_URL' ||
    name === 'ACTIONS_RESULTS_URL' ||
    name === 'GITHUB_TOKEN'
  );
}

/**
 * The step's environment. Inherited SOP_* variables are dropped first, so a stale
 * SOP_OUT_X exported in the caller's shell can never pose as an earlier step's output,
 * and so are the credentials isWithheld names.
 * The fixed names are written last; no derived name can collide with them anyway
 * (SOP_PAYLOAD_… and SOP_OUT_… always carry the extra `_`).
 */
export function buildStepEnv(req: StepRequest, outputFile: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.baseEnv)) {
    if (value === undefined || name.startsWith('SOP_') || isWithheld(name)) continue;
    env[name] = value;
  }
  if (req.githubToken !== undefined && req.githubToken !== '') env.GITHUB_TOKEN = req.githubToken;

  for (const [key, value] of Object.entries(req.payload)) {
    const text = scalarText(value);
    if (text !== undefined) env[`SOP_PAYLOAD_${envKey(key)}`] = text;
  }

  for (const step of stepsInOrder(req.outputs)) {
    for (const [key, value] of Object.entries(req.outputs[step] ?? {})) {
      env[`SOP_OUT_${envKey(key)}`] = value;
    }
  }

  env.SOP_RUN_ID = req.runId;
  env.SOP_NAME = req.sopName;
  env.SOP_STEP = String(req.step);
  env.SOP_STEP_TITLE = req.stepTitle;
  env.SOP_PAYLOAD = JSON.stringify(req.payload);
  env.SOP_OUTPUT = outputFile;
  env.SOP_OUTPUTS = JSON.stringify(req.outputs);
  return env;
}
