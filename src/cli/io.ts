// What the CLI reads from and writes to, so commands can be tested in-process.
import { clockFrom } from '../clock.js';

export interface Out {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  stdout: Out;
  stderr: Out;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now(): Date;
  random(): number;
}

export function processIO(): CliIO {
  return {
    stdout: {
      write: (t) => void process.stdout.write(t),
      isTTY: process.stdout.isTTY === true,
      columns: process.stdout.columns,
    },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
    now: clockFrom(process.env),
    random: Math.random,
  };
}
