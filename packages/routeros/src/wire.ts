/**
 * RouterOS REST wire format, shared by the client and the simulator: every value is a
 * string, booleans are "true"/"false" (RouterOS also accepts "yes"/"no"), ids live in
 * ".id", keys are kebab-case, durations look like "1w2d3h4m5s".
 */

export type WireRecord = Record<string, string>;

export function parseWireBool(value: string | undefined): boolean {
  return value === 'true' || value === 'yes';
}

export function formatWireBool(value: boolean): string {
  return value ? 'true' : 'false';
}

/** Empty and missing comments both read as null. */
export function wireText(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

export function wireNumber(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** RouterOS duration style: 93784 s → "1d2h3m4s"; 0 → "0s". */
export function formatRouterUptime(totalSeconds: number): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const units: [string, number][] = [
    ['w', 604_800],
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  let out = '';
  for (const [suffix, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${suffix}`;
  }
  return out || '0s';
}
