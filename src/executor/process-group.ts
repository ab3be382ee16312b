// Signals a step's process group and tells whether any of its processes still run.
import { readdirSync, readFileSync } from 'node:fs';

/** Sends `signal` to every process in the group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left to signal.
  }
}

/** The state letter and process group of a /proc/<pid>/stat line; the command name may contain spaces and parentheses. */
function parseStat(stat: string): { state: string; pgrp: number } | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgrp = Number(fields[2]);
  return state === undefined || !Number.isInteger(pgrp) ? undefined : { state, pgrp };
}

/**
 * Whether a process of the group is still running. Zombies do not count: in a container whose
 * PID 1 does not reap orphans, a killed grandchild stays a zombie forever, and `kill(-pgid, 0)`
 * would report the group alive until the SIGKILL grace ran out. Without /proc, fall back to kill.
 */
export function groupAlive(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return killProbe(pgid);
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    const parsed = parseStat(stat);
    if (parsed !== undefined && parsed.pgrp === pgid && parsed.state !== 'Z' && parsed.state !== 'X') return true;
  }
  return false;
}

function killProbe(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM means a member exists that we may not signal: alive, as far as waiting is concerned.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
