/**
 * Where the attack and fuzz suites leave their counts for the `npm test` summary:
 * `${RRNET_REPORTS_DIR ?? <repo>/.rrnet/reports}/<name>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function writeSecurityReport(name: 'attack' | 'fuzz', report: object): string {
  const configured = process.env.RRNET_REPORTS_DIR;
  const dir = configured ? (isAbsolute(configured) ? configured : join(ROOT, configured)) : join(ROOT, '.rrnet/reports');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
