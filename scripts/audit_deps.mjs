#!/usr/bin/env node
/**
 * `pnpm audit:deps`: the production dependencies against the registry's advisories
 * (`pnpm audit --prod --audit-level=high`, extra arguments are passed on), then an OSV
 * scan of pnpm-lock.yaml when `osv-scanner` is on PATH.
 *
 * When the advisory endpoint cannot be asked (no network, a mirror or proxy that does not
 * serve /-/npm/v1/security/advisories/bulk — it answers 405 here), that is said plainly
 * and the script exits 0: the result is "NOT CHECKED", never "no vulnerabilities". The
 * scheduled .github/workflows/security.yml runs the same checks where the endpoints are
 * reachable. Found vulnerabilities exit non-zero, as pnpm audit does.
 */
import { spawnSync } from 'node:child_process';
import { ROOT } from './lib/toolchain.mjs';

const UNREACHABLE = [
  /ERR_PNPM_AUDIT_BAD_RESPONSE/, // the endpoint answered, but not with an audit (405, 404, 5xx)
  /ERR_PNPM_AUDIT_ENDPOINT_NOT_EXISTS/,
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)\b/,
  /ERR_PNPM_(META_)?FETCH_FAIL/,
];

function say(message) {
  process.stdout.write(`[audit:deps] ${message}\n`);
}

const args = process.argv.slice(2);
const auditArgs = ['audit', '--prod', ...(args.some((a) => a.startsWith('--audit-level')) ? [] : ['--audit-level=high']), ...args];
say(`pnpm ${auditArgs.join(' ')}`);
const audit = spawnSync('pnpm', auditArgs, { cwd: ROOT, encoding: 'utf8' });
process.stdout.write(audit.stdout ?? '');
process.stderr.write(audit.stderr ?? '');
const output = `${audit.stdout ?? ''}\n${audit.stderr ?? ''}`;

let exitCode = audit.status ?? 1;
if (audit.error) {
  say(`NOT CHECKED: pnpm could not be run (${audit.error.message}).`);
  exitCode = 0;
} else if (exitCode !== 0 && UNREACHABLE.some((re) => re.test(output))) {
  const status = /responded with (\d{3})/.exec(output.replace(/[│\s]+/g, ' '))?.[1];
  say(
    `NOT CHECKED: the npm advisory endpoint is unreachable from here${status ? ` (HTTP ${status})` : ''}. ` +
      'No audit result exists for this run — this is NOT a "no vulnerabilities" answer. ' +
      'The scheduled GitHub workflow .github/workflows/security.yml runs pnpm audit and an OSV scan where the endpoints answer; ' +
      'record what they find in docs/security/known-findings.md.',
  );
  exitCode = 0;
} else if (exitCode === 0) {
  say('pnpm audit: no advisories at or above the audit level for the production dependencies.');
} else {
  say(`pnpm audit found advisories (exit ${exitCode}); decide each one in docs/security/known-findings.md.`);
}

const osv = spawnSync('osv-scanner', ['--version'], { encoding: 'utf8' });
if (osv.error || osv.status !== 0) {
  say('OSV scan NOT RUN: osv-scanner is not on PATH (https://google.github.io/osv-scanner/installation/); the security workflow runs it.');
} else {
  say('osv-scanner --lockfile=pnpm-lock.yaml');
  const scan = spawnSync('osv-scanner', ['--lockfile=pnpm-lock.yaml'], { cwd: ROOT, encoding: 'utf8' });
  process.stdout.write(scan.stdout ?? '');
  process.stderr.write(scan.stderr ?? '');
  // osv-scanner: 0 none found, 1 vulnerabilities found, 128 no packages, 127/other: it could not scan
  if (scan.status === 1) {
    say('OSV scan found vulnerabilities; decide each one in docs/security/known-findings.md.');
    if (exitCode === 0) exitCode = 1;
  } else if (scan.status === 0) {
    say('OSV scan: no known vulnerabilities in pnpm-lock.yaml.');
  } else {
    say(`OSV scan NOT CHECKED: osv-scanner exited ${scan.status} (the OSV API may be unreachable from here).`);
  }
}
process.exit(exitCode);
