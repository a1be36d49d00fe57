/** The machine a benchmark ran on, recorded in every bench/results/*.json. */
import { cpus, totalmem } from 'node:os';

export function machineInfo(extra: Record<string, string | undefined> = {}) {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    ...extra,
  };
}
