// Live step progress for the terminal: a ticking status line on a TTY, plain lines otherwise.
import type { RunnerHooks } from '../runner/runner.js';
import type { Out } from './io.js';
import { formatDuration } from '../sop/duration.js';

export function progressHooks(out: Out, now: () => Date): RunnerHooks {
  let timer: NodeJS.Timeout | undefined;
  let started = 0;
  let label = '';
  let atLineStart = true;
  const tty = out.isTTY === true;
  // Whole seconds: the line ticks once a second, so milliseconds would only flicker.
  const elapsed = () => {
    const secs = Math.floor((now().getTime() - started) / 1000);
    return secs < 60 ? `${secs}s` : formatDuration(secs * 1000);
  };
  const status = () => `\x1b[2m… ${label} running for ${elapsed()}\x1b[0m`;
  const clear = () => out.write('\r\x1b[K');
  return {
    beforeStep(_state, step, def) {
      label = `step ${step.number}/${def.steps.length}`;
      started = now().getTime();
      atLineStart = true;
      out.write(`▶ Step ${step.number}/${def.steps.length}: ${step.title}\n`);
      if (tty) {
        out.write(status());
        timer = setInterval(() => {
          if (atLineStart) {
            clear();
            out.write(status());
          }
        }, 1000);
        timer.unref();
      }
    },
    onOutput(chunk) {
      if (tty && atLineStart) clear();
      out.write(chunk);
      atLineStart = chunk.endsWith('\n');
      if (tty && atLineStart) out.write(status());
    },
    afterStep(_state, step, result) {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (tty && atLineStart) clear();
      else if (!atLineStart) out.write('\n');
      const took = formatDuration(result.duration_ms);
      const ok = result.exit_code === 0 && !result.timed_out && !result.error;
      const why =
        result.error ??
        (result.timed_out ? 'timed out' : result.exit_code === null ? `killed by ${result.signal ?? 'a signal'}` : `exit code ${result.exit_code}`);
      out.write(ok ? `✓ Step ${step.number} completed in ${took}\n` : `✗ Step ${step.number} failed (${why}) after ${took}\n`);
    },
  };
}
