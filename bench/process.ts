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

/** A running process's CPU time so far (user + system, /proc/<pid>/stat), in seconds. */
export function processCpuSeconds(pid: number): number {
  // the fields after the command name (which may hold spaces), from field 3 on: utime and stime are fields 14 and 15
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
