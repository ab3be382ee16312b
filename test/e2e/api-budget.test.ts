// The REST budget of the issue channel, measured on the fake through the built Action.
import { expect, it } from 'vitest';
import { measureApiCalls } from '../support/action-harness.js';
import { cleanupTempRepos } from '../support/git.js';

it('opens a gate in at most 3 REST calls and resumes a 3-step run to its end in at most 8 (re-verification included)', async () => {
  try {
    const calls = await measureApiCalls();
    expect(calls.openGate).toBeGreaterThan(0);
    expect(calls.openGate).toBeLessThanOrEqual(3);
    expect(calls.resume).toBeGreaterThan(0);
    expect(calls.resume).toBeLessThanOrEqual(8);
  } finally {
    await cleanupTempRepos();
  }
});
