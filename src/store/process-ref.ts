// Whether a long-lived git process keeps the program alive: an idle one must not, one with a request in flight must.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

type Refable = { ref?: () => void; unref?: () => void };

/** Ref (`on`) or unref the child and its three pipes: any one left referenced keeps Node's event loop running. */
export function setRef(child: ChildProcessWithoutNullStreams, on: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Refable[]) {
    if (on) handle.ref?.();
    else handle.unref?.();
  }
}
