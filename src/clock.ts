// The clock both front ends use: the wall clock, or (for tests only) the fixed instant SOP_ENGINE_CLOCK names.
import { UserError } from './errors.js';

/**
 * `SOP_ENGINE_CLOCK` (an ISO 8601 time, e.g. 2026-11-26T09:00:00Z) stops the clock at that instant, so a
 * test that spans several processes can place them in time (inside or past an approval timeout)
 * without waiting. It is for tests: a real run leaves it unset.
 */
export function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const fixed = env['SOP_ENGINE_CLOCK']?.trim();
  if (fixed === undefined || fixed === '') return () => new Date();
  const ms = Date.parse(fixed);
  // Thrown when the clock is read, inside the front end's error handling, so it prints as one line.
  if (Number.isNaN(ms)) {
    return () => {
      throw new UserError(`SOP_ENGINE_CLOCK="${fixed}" is not a time; write an ISO 8601 time such as 2026-11-26T09:00:00Z, or unset it (it is meant for tests)`);
    };
  }
  return () => new Date(ms);
}
