// When a process started: a pid alone does not name a process for ever. After a crash and a
// reboot (or once pids wrap around) the pid written in a lock can belong to an unrelated live
// process, which must not keep the lock for good. A process's start, read from the system, tells
// the holder from a newcomer given its pid.
//
// Linux only (/proc): field 22 of /proc/PID/stat is the start in clock ticks since boot, and
// /proc/sys/kernel/random/boot_id names the boot, so (boot, ticks) names one process exactly,
// whatever the wall clock does. macOS and Windows offer no such reading without spawning a
// program (`ps`, PowerShell) on every check: there, `processStart` is null and callers keep to
// the pid alone, as before.
import { readFileSync } from 'node:fs';

/** One process's start: the boot it ran in and its start in clock ticks since that boot. */
export interface ProcessStart {
  boot_id: string;
  ticks: number;
}

/**
 * The clock ticks /proc counts in (the kernel's USER_HZ, `getconf CLK_TCK`): 100 on every
 * architecture Linux runs desktops and servers on (x86, arm, arm64, riscv, powerpc, s390).
 */
const TICKS_PER_SECOND = 100;

let bootId: string | null | undefined;

function currentBootId(): string | null {
  if (bootId === undefined) bootId = readProcText('/proc/sys/kernel/random/boot_id')?.trim() || null;
  return bootId;
}

/** When process `pid` started; null when it is gone or this system does not say (not Linux). */
export function processStart(pid: number): ProcessStart | null {
  if (process.platform !== 'linux') return null;
  const boot = currentBootId();
  const stat = readProcText(`/proc/${pid}/stat`);
  if (boot === null || stat === null) return null;
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields count from its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[22 - 3]);
  return Number.isSafeInteger(ticks) && ticks >= 0 ? { boot_id: boot, ticks } : null;
}

/** This process's start, read once: what it records in the locks it writes. */
let ownStart: ProcessStart | null | undefined;
export function ownProcessStart(): ProcessStart | null {
  if (ownStart === undefined) ownStart = processStart(process.pid);
  return ownStart;
}

/**
 * The wall-clock time (ms since the epoch) `start` was, by the boot time in /proc/stat (`btime`,
 * whole seconds): good to about a second, and moved by any step of the clock since boot. Null
 * when it cannot be read or `start` is of another boot.
 */
export function startedAtMs(start: ProcessStart): number | null {
  if (start.boot_id !== currentBootId()) return null;
  const btime = /^btime (\d+)$/m.exec(readProcText('/proc/stat') ?? '')?.[1];
  if (btime === undefined) return null;
  return Number(btime) * 1000 + (start.ticks * 1000) / TICKS_PER_SECOND;
}

/** Reads a /proc file; null when it is not there (the process is gone) or cannot be read. */
function readProcText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
