// Test runner settings: real git and bash are used, so tests get generous timeouts.
import { defineConfig } from 'vitest/config';

/**
 * A hang detector, not a speed limit: no test asserts how fast the machine is. On a 2-core
 * machine running another suite beside this one, an end-to-end test that starts the Action
 * four times, or sixteen writer processes racing, took up to 60 s.
 */
const HANG_MS = 180_000;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: HANG_MS,
    hookTimeout: HANG_MS,
    // Each file in its own process: tests spawn git and bash and set process-wide state (signal handlers, exit codes).
    pool: 'forks',
    // Most of a test's time is spent waiting on git, bash and the Action's child process, not on the CPU,
    // so two files at a time finish sooner even on 2 cores (vitest's default there is one).
    maxWorkers: 2,
    globalSetup: ['test/support/build-bundles.ts'],
  },
});
