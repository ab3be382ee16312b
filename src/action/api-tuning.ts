// Knobs for the REST client read from the environment (retry base, write pacing), checked as user input.
import { UserError } from '../errors.js';

/**
 * Narrow knobs for the REST client, read from the environment: for tests (which must not wait a
 * second per retry or per write) and for self-hosted setups (e.g. a GHES proxy with its own
 * limits). Unset, the client keeps GitHub's recommended behaviour: 1 s retry base, paced writes.
 * - SOP_ENGINE_API_RETRY_BASE_MS: milliseconds per second of back-off and of `retry-after`.
 * - SOP_ENGINE_API_PACING=off: do not space writes (secondary rate limits are still retried).
 */
export function apiTuning(env: NodeJS.ProcessEnv): { retryAfterBaseValue?: number; pacing?: boolean } {
  const tuning: { retryAfterBaseValue?: number; pacing?: boolean } = {};
  const base = env['SOP_ENGINE_API_RETRY_BASE_MS'];
  if (base !== undefined && base.trim() !== '') {
    const ms = Number(base);
    if (!Number.isFinite(ms) || ms < 0) {
      throw new UserError(`SOP_ENGINE_API_RETRY_BASE_MS must be a number of milliseconds (e.g. 1000), not ${JSON.stringify(base)}`);
    }
    tuning.retryAfterBaseValue = ms;
  }
  const pacing = env['SOP_ENGINE_API_PACING'];
  if (pacing !== undefined && pacing.trim() !== '') {
    const value = pacing.trim().toLowerCase();
    if (value !== 'on' && value !== 'off') throw new UserError(`SOP_ENGINE_API_PACING must be on or off, not ${JSON.stringify(pacing)}`);
    tuning.pacing = value === 'on';
  }
  return tuning;
}
