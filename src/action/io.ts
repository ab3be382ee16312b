// What the Action reads from the process it runs in (environment, clock, randomness), so run() can be tested in-process.

export interface ActionIO {
  /** The runner's environment: GITHUB_*, INPUT_*, and what steps inherit. */
  env: NodeJS.ProcessEnv;
  now(): Date;
  random(): number;
}

export function processActionIO(): ActionIO {
  return { env: process.env, now: () => new Date(), random: Math.random };
}

/** An input as the runner passes it: `INPUT_<NAME>`, spaces as `_`, dashes kept; '' when unset. */
export function inputOf(env: NodeJS.ProcessEnv, name: string): string {
  return env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}
