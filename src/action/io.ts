// What the Action reads from the process it runs in (environment, randomness), so run() can be tested in-process.
// The clock comes from the environment too (SOP_ENGINE_CLOCK, see src/clock.ts), read with the rest of it in runner-env.ts.

export interface ActionIO {
  /** The runner's environment: GITHUB_*, INPUT_*, and what steps inherit. */
  env: NodeJS.ProcessEnv;
  random(): number;
}

export function processActionIO(): ActionIO {
  return { env: process.env, random: Math.random };
}

/** An input as the runner passes it: `INPUT_<NAME>`, spaces as `_`, dashes kept; '' when unset. */
export function inputOf(env: NodeJS.ProcessEnv, name: string): string {
  return env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}
