// Checks a run's payload against the SOP's `inputs` contract and fills in defaults.
import { SECRET_MASK, type InputSpec, type SopDefinition } from '../sop/types.js';
import { wellFormedDeep } from '../text/well-formed.js';

export type PayloadResult = { ok: true; payload: Record<string, unknown> } | { ok: false; errors: string[] };

const MAX_SHOWN_VALUE = 60;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(text: string): string {
  const cut = text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)}…` : text;
  return JSON.stringify(cut);
}

/** Returns an error message, or null when the value satisfies the input's pattern. */
function checkPattern(name: string, spec: InputSpec, value: unknown): string | null {
  if (spec.pattern === undefined) return null;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return `payload: "${name}" must be a string, number or boolean to match pattern ${spec.pattern} (got ${describe(value)})`;
  }
  let re: RegExp;
  try {
    // Anchored so that a pattern written without ^…$ cannot pass on a partial match.
    re = new RegExp(`^(?:${spec.pattern})$`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return `input "${name}" has an invalid pattern ${spec.pattern} (${why}); fix the SOP's inputs`;
  }
  const text = String(value);
  if (re.test(text)) return null;
  const about = spec.description ? ` (${spec.description})` : '';
  // A secret is never quoted back: the message may reach the job log, an issue or the state branch.
  const is = spec.secret === true ? 'is secret and' : `is ${shown(text)}, which`;
  return `payload: "${name}"${about} ${is} does not match pattern ${spec.pattern}`;
}

export function validatePayload(def: SopDefinition, raw: unknown): PayloadResult {
  if (!isPlainObject(raw)) {
    return { ok: false, errors: [`payload must be a JSON object such as {"key": "value"}, got ${describe(raw)}`] };
  }
  // JSON can carry lone surrogates ("\ud800"); none may reach the state or the audit's hash.
  const payload = wellFormedDeep(raw);
  const declared = Object.keys(def.inputs);
  if (declared.length === 0) return { ok: true, payload: { ...payload } };

  const errors: string[] = [];
  const unknown = Object.keys(payload).filter((key) => !Object.hasOwn(def.inputs, key));
  if (unknown.length > 0) {
    const keys = unknown.map((k) => `"${k}"`).join(', ');
    errors.push(
      `payload: ${unknown.length === 1 ? 'key' : 'keys'} ${keys} ${unknown.length === 1 ? 'is' : 'are'} not declared by SOP "${def.name}"; allowed keys: ${declared.join(', ')}`,
    );
  }

  const result: Record<string, unknown> = { ...payload };
  for (const [name, spec] of Object.entries(def.inputs)) {
    let value = payload[name];
    if (value === undefined || value === null) {
      if (spec.default !== undefined) {
        value = spec.default;
        result[name] = value;
      } else {
        if (spec.required) {
          errors.push(`payload: "${name}" is required${spec.description ? ` (${spec.description})` : ''}`);
        }
        continue;
      }
    }
    const problem = checkPattern(name, spec, value);
    if (problem !== null) errors.push(problem);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, payload: result };
}

/** The payload as the state and audit keep it: each secret input's value as `***` (SPEC 5.6). */
export function maskSecretInputs(def: SopDefinition, payload: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = { ...payload };
  for (const [name, spec] of Object.entries(def.inputs)) {
    if (spec.secret === true && Object.hasOwn(masked, name) && masked[name] !== undefined && masked[name] !== null) masked[name] = SECRET_MASK;
  }
  return masked;
}
