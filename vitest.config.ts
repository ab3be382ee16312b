// Test runner settings: real git and bash are used, so tests get generous timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file in its own process: tests spawn git and bash and set process-wide state (signal handlers, exit codes).
    pool: 'forks',
    // Most of a test's time is spent waiting on git, bash and the Action's child process, not on the CPU,
    // so two files at a time finish sooner even on 2 cores (vitest's default there is one).
    maxWorkers: 2,
    globalSetup: ['test/support/build-bundles.ts'],
  },
});
