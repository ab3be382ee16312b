// Ctrl-C and SIGTERM while a step runs: stop the step's process group so nothing keeps running unseen.
import { readdirSync, readFileSync } from 'node:fs';
import { signalGroup } from '../executor/process-group.js';

/** ppid and process group of a /proc/<pid>/stat line; the command name may contain spaces and parentheses. */
function parseStat(stat: string): { ppid: number; pgrp: number } | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  const pgrp = Number(fields[2]);
  return Number.isInteger(ppid) && Number.isInteger(pgrp) ? { ppid, pgrp } : undefined;
}

/**
 * Process groups led by our own children: the executor spawns each step detached, as the leader
 * of its own group, so the terminal's Ctrl-C never reaches it. Empty where /proc is unavailable.
 */
export function childGroups(parent: number = process.pid): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const groups: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const parsed = parseStat(stat);
    if (parsed && parsed.ppid === parent && parsed.pgrp === pid) groups.push(pid);
  }
  return groups;
}

/**
 * First SIGINT/SIGTERM: send SIGTERM to the running step's group; the step then fails, the run is
 * recorded as failed and the CLI exits 1 as usual. With no step running, or on a second signal,
 * exit at once (130 for SIGINT, 143 for SIGTERM).
 */
export function installInterruptHandler(write: (text: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGINT' ? 130 : 143;
    const groups = stopping ? [] : childGroups();
    if (groups.length === 0) process.exit(code);
    stopping = true;
    write(`\n${signal}: stopping the running step (again to quit at once; the run will be recorded as failed)\n`);
    for (const pgid of groups) signalGroup(pgid, 'SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
