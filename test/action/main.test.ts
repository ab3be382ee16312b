// apiTuning: the REST client knobs main.ts reads from the environment (for tests and self-hosted setups).
import { describe, expect, it } from 'vitest';
import { apiTuning } from '../../src/action/main.js';
import { UserError } from '../../src/errors.js';

describe('apiTuning', () => {
  it("leaves GitHub's recommended behaviour alone when nothing is set", () => {
    expect(apiTuning({})).toEqual({});
    expect(apiTuning({ SOP_ENGINE_API_RETRY_BASE_MS: '', SOP_ENGINE_API_PACING: ' ' })).toEqual({});
  });

  it('reads the retry base and pacing', () => {
    expect(apiTuning({ SOP_ENGINE_API_RETRY_BASE_MS: '10', SOP_ENGINE_API_PACING: 'off' })).toEqual({ retryAfterBaseValue: 10, pacing: false });
    expect(apiTuning({ SOP_ENGINE_API_PACING: 'ON' })).toEqual({ pacing: true });
  });

  it('rejects values it cannot use, naming the variable', () => {
    expect(() => apiTuning({ SOP_ENGINE_API_RETRY_BASE_MS: 'fast' })).toThrow(UserError);
    expect(() => apiTuning({ SOP_ENGINE_API_RETRY_BASE_MS: '-1' })).toThrow(/SOP_ENGINE_API_RETRY_BASE_MS must be a number/);
    expect(() => apiTuning({ SOP_ENGINE_API_PACING: 'no' })).toThrow(/SOP_ENGINE_API_PACING must be on or off/);
  });
});
