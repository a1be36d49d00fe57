/**
 * The benchmarks' child processes: a CLI of the repository started under tsx, ready when it
 * prints its first stdout line (its ready message, usually JSON).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Starts a CLI from the repository and resolves with its first stdout line. */
export async function startProcess(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: new URL('..', import.meta.url).pathname, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const [firstLine] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [''])])) as [string];
  if (!firstLine) throw new Error(`${args[0]} did not start`);
  return { child, firstLine };
}

/** USER_HZ on Linux: /proc's CPU times are in hundredths of a second. */
const CLOCK_TICKS = 100;

/** A /proc/<pid>/stat line's fields after "(comm)" (state ppid pgrp session … utime stime at 11 and 12), and its CPU seconds. */
export function parseProcStat(stat: string): { pgrp: number; cpuSeconds: number } {
  // the command name may hold spaces: the fields start after its closing parenthesis
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pgrp: Number(rest[2]), cpuSeconds: (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS };
}

/** A running process's CPU time so far (user + system, /proc/<pid>/stat), in seconds. */
export function processCpuSeconds(pid: number): number {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuSeconds;
}

/** The machine's busy and total CPU time so far (all cores, /proc/stat; busy = not idle nor waiting for I/O), in seconds. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = line.reduce((a, b) => a + b, 0);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}
