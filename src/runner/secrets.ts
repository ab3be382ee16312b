// A run's secrets (SPEC 5.6): the values to mask, and what a step gets for a secret input the state holds as `***`.
import { makeRedactor, type Redactor } from '../executor/redact.js';
import { SECRET_MASK, type SopDefinition } from '../sop/types.js';

/** A payload value as the step sees it in SOP_PAYLOAD_<KEY> (and so as it could be printed). */
function valueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (value === null || value === undefined) return undefined;
  return JSON.stringify(value);
}

function secretInputs(def: SopDefinition): string[] {
  return Object.entries(def.inputs).filter(([, spec]) => spec.secret === true).map(([name]) => name);
}

/**
 * What must never leave the runner for this run: the values of the environment variables the
 * SOP lists in `secrets`, the secret inputs of the payload given to this process (`given`: only
 * the process that started the run has it), and `extra` (the Action's token).
 */
export function runRedactor(
  def: SopDefinition,
  env: NodeJS.ProcessEnv,
  given: Record<string, unknown> | undefined,
  extra: readonly (string | undefined)[],
): Redactor {
  const values: string[] = [];
  for (const name of def.secrets ?? []) {
    const value = env[name];
    if (value !== undefined) values.push(value);
  }
  for (const name of secretInputs(def)) {
    const text = given && Object.hasOwn(given, name) ? valueText(given[name]) : undefined;
    if (text !== undefined && text !== SECRET_MASK) values.push(text);
  }
  for (const value of extra) if (value !== undefined) values.push(value);
  return makeRedactor(values);
}

/**
 * The payload a step runs with. The state holds `***` for secret inputs; the process that started
 * the run puts the given values back. A later process (a resumed run: another workflow run, another
 * `sop approve`) has only what the SOP file says: the input's default if it has one, else the key
 * is left out, so SOP_PAYLOAD_<KEY> is unset rather than `***`.
 */
export function stepPayload(
  def: SopDefinition,
  statePayload: Record<string, unknown>,
  given: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const secrets = secretInputs(def);
  if (secrets.length === 0) return statePayload;
  const payload: Record<string, unknown> = { ...statePayload };
  for (const name of secrets) {
    const value = given && Object.hasOwn(given, name) && given[name] !== null ? given[name] : def.inputs[name]?.default;
    if (value === undefined) delete payload[name];
    else payload[name] = value;
  }
  return payload;
}

/**
 * The payload as a run starts with it: a value of a non-secret input that holds a secret (a
 * `secrets` variable's value pasted into it) is replaced by `***`. Secret inputs are left for the
 * engine, which checks them against their pattern and records them as `***`.
 */
export function startPayload(def: SopDefinition, payload: Record<string, unknown>, redactor: Redactor): Record<string, unknown> {
  if (redactor.pieces.length === 0) return payload;
  const secret = new Set(secretInputs(def));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    const text = secret.has(key) ? undefined : valueText(value);
    const masked = text !== undefined && redactor.holds(text);
    Object.defineProperty(out, key, { value: masked ? SECRET_MASK : value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
