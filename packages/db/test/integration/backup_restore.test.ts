/**
 * The restore test (spec §8 backup_strategy "monthly_restore_test", here on every run):
 * a cluster of its own archiving WAL to pgBackRest with the options of
 * deploy/pgbackrest/, migrated and seeded with the demo ISPs; a full backup
 * (scripts/backup/run_backup.sh full), more writes, an incremental backup, more writes,
 * a named restore point, more writes, scripts/backup/verify_backup.sh. Then two
 * restores into fresh data directories — to the end of the archived WAL, and to the
 * restore point — each started as a cluster and compared with the source at that
 * moment: every table's row count and checksum, and every tenant's audit hash chain
 * verified by sys_audit_verify.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { ensureAptPackages } from '../../../../scripts/lib/apt_tools.mjs';
import { createDatabase } from '../../src/client';
import type { DatabaseHandle } from '../../src/client';
import { seedDemo } from '../../src/seed/seed_demo';
import { withTenant } from '../../src/tenant';
import { createTestDatabase } from '../../src/testing';
import type { TestDatabase } from '../../src/testing';
import {
  createCluster,
  postgresBinDir,
  runAsServerUser,
  serverOsUser,
  serverOwnedDir,
} from '../../../../tests/pg_cluster';
import type { Cluster } from '../../../../tests/pg_cluster';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DEPLOY = join(ROOT, 'deploy/pgbackrest');
const SCRIPTS = join(ROOT, 'scripts/backup');
const STANZA = 'rrnet';
const RESTORE_POINT = 'rrnet_restore_test';

// pgBackRest is a Debian package: installed here when we are root and it is missing
const missingTools = postgresBinDir() ? ensureAptPackages(['pgbackrest', 'jq']) : [];
const skipReason = !postgresBinDir()
  ? 'no PostgreSQL server binaries under /usr/lib/postgresql'
  : missingTools.length
    ? `${missingTools.join(', ')} not installed and cannot be (not root): apt-get install -y ${missingTools.join(' ')}`
    : null;
if (skipReason) console.warn(`backup/restore test skipped: ${skipReason}`);

/** A key → value reading of an ini file's sections (pgBackRest's format). */
function readIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
    } else if (current) {
      const eq = line.indexOf('=');
      current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
  }
  return sections;
}

function writeIni(sections: Map<string, Map<string, string>>): string {
  return [...sections]
    .map(([name, values]) => `[${name}]\n${[...values].map(([k, v]) => `${k}=${v}`).join('\n')}\n`)
    .join('\n');
}

/** postgresql.conf lines `key = value` of the deploy file. */
function readPostgresSettings(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const m = /^\s*([a-z_]+)\s*=\s*(.+?)\s*$/.exec(raw.replace(/#.*$/, ''));
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

type TableState = Record<string, { rows: number; md5: string }>;

/** Row count and an order-independent checksum of every permanent table (as superuser: RLS does not hide rows). */
async function tableState(url: string): Promise<TableState> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`
      SELECT format('%I.%I', n.nspname, c.relname) AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND c.relpersistence = 'p' AND n.nspname IN ('public', 'drizzle', 'graphile_worker')
      ORDER BY 1`;
    const state: TableState = {};
    for (const { name } of tables) {
      const [row] = await sql.unsafe<{ rows: number; md5: string }[]>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS md5 FROM ${name} t`,
      );
      state[name] = row!;
    }
    return state;
  } finally {
    await sql.end();
  }
}

interface ChainCheck {
  chain: string;
  ok: boolean;
  checked: number;
  reason: string | null;
}

/** sys_audit_verify for every tenant and every chain head. */
async function auditChains(url: string): Promise<ChainCheck[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await sql<ChainCheck[]>`
      SELECT c.chain::text AS chain, v.ok, v.checked::int AS checked, v.reason
      FROM (SELECT id AS chain FROM saas_tenants UNION SELECT chain_id FROM sys_audit_chain_heads) c,
           LATERAL sys_audit_verify(c.chain) v
      ORDER BY 1`;
  } finally {
    await sql.end();
  }
}

describe.skipIf(skipReason)('pgBackRest backup and restore', () => {
  let work: string;
  let configFile: string;
  let source: Cluster;
  let db: TestDatabase;
  let app: DatabaseHandle;
  let tenants: string[];
  let atRestorePoint: TableState;
  let atEnd: TableState;
  let backupTypes: string[];
  const runs = {} as Record<'full' | 'incr' | 'verified', SpawnSyncReturns<string>>;
  const restored: Cluster[] = [];
  const env = () => ({ ...process.env, PGBACKREST_CONFIG: configFile, PGBACKREST_STANZA: STANZA });
  const script = (name: string, args: string[] = [], extraEnv: Record<string, string> = {}) =>
    spawnSync(join(SCRIPTS, name), args, {
      encoding: 'utf8',
      env: { ...env(), ...extraEnv },
      timeout: 120_000,
    });
  const pgbackrest = (args: string[]) =>
    runAsServerUser('pgbackrest', [`--config=${configFile}`, `--stanza=${STANZA}`, ...args], {
      env: env(),
    });

  /** Changes five customers of every tenant through the app's tenant path (audited like any write). */
  const writePhase = async (phase: string) => {
    for (const tenantId of tenants) {
      await withTenant(
        app.sql,
        { tenantId, requestId: `backup-test-${phase}` },
        async ({ sql }) => {
          await sql`UPDATE tenant_customers SET name = name || ${` ·${phase}`}
                  WHERE id IN (SELECT id FROM tenant_customers ORDER BY id LIMIT 5)`;
        },
      );
    }
  };

  const restoreInto = async (label: string, args: string[]): Promise<Cluster> => {
    const dir = serverOwnedDir(`rrnet-restore-${label}-`);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const user = serverOsUser();
    chownSync(dataDir, user.uid, user.gid);
    // archive-mode=off: the restored cluster must not push its own WAL into the source's repository
    pgbackrest([`--pg1-path=${dataDir}`, '--archive-mode=off', ...args, 'restore']);
    const cluster = await createCluster({ dir, dataDir });
    restored.push(cluster);
    cluster.start();
    // recovery replays the archived WAL, then promotes
    const sql = postgres(cluster.url(), { max: 1, onnotice: () => {} });
    try {
      for (let i = 0; ; i++) {
        const [r] = await sql<{ recovering: boolean }[]>`SELECT pg_is_in_recovery() AS recovering`;
        if (!r!.recovering) break;
        if (i > 600)
          throw new Error(`restored cluster (${label}) still in recovery:\n${cluster.log()}`);
        await new Promise((res) => setTimeout(res, 100));
      }
    } finally {
      await sql.end();
    }
    return cluster;
  };

  beforeAll(async () => {
    work = serverOwnedDir('rrnet-pgbackrest-');
    configFile = join(work, 'pgbackrest.conf');
    source = await createCluster();

    // the deploy configuration, with this run's paths and a throwaway repository passphrase
    const ini = readIni(readFileSync(join(DEPLOY, 'pgbackrest.conf'), 'utf8'));
    const global = ini.get('global')!;
    for (const [k, v] of Object.entries({
      'repo1-path': join(work, 'repo'),
      'spool-path': join(work, 'spool'),
      'log-path': join(work, 'log'),
      'lock-path': join(work, 'lock'),
      'repo1-cipher-pass': randomBytes(24).toString('base64url'),
      'log-level-console': 'warn',
    })) {
      global.set(k, v);
    }
    ini.delete(STANZA);
    ini.set(
      STANZA,
      new Map([
        ['pg1-path', source.dataDir],
        ['pg1-port', String(source.port)],
        ['pg1-socket-path', source.dir],
        ['pg1-user', 'postgres'],
      ]),
    );
    writeFileSync(configFile, writeIni(ini), { mode: 0o600 });
    chownSync(configFile, serverOsUser().uid, serverOsUser().gid);

    const archive = readPostgresSettings(
      readFileSync(join(DEPLOY, 'postgresql.archive.conf'), 'utf8'),
    );
    archive.archive_command = archive.archive_command!.replace(
      'pgbackrest ',
      `pgbackrest --config=${configFile} `,
    );
    source.settings(archive);
    source.start();

    db = await createTestDatabase(source.url(), { prefix: 'rrnet_backup' });
    await seedDemo({
      appUrl: db.appUrl,
      systemUrl: db.systemUrl,
      secretBox: new SecretBox(new ConfigKeyProvider(generateKeySpec())),
    });
    app = createDatabase(db.appUrl, { max: 1 });
    const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
    try {
      tenants = (await admin<{ id: string }[]>`SELECT id FROM saas_tenants ORDER BY id`).map(
        (r) => r.id,
      );

      // full backup, writes, incremental backup, writes, restore point, writes
      runs.full = script('run_backup.sh', ['full']);
      await writePhase('after-full');
      runs.incr = script('run_backup.sh', ['incr']);
      await writePhase('after-incr');
      atRestorePoint = await tableState(db.adminUrl);
      await admin`SELECT pg_create_restore_point(${RESTORE_POINT})`;
      await writePhase('after-restore-point');
      atEnd = await tableState(db.adminUrl);
    } finally {
      await admin.end();
    }
    const info = JSON.parse(pgbackrest(['--output=json', 'info']).stdout) as {
      backup: { type: string }[];
    }[];
    backupTypes = info[0]!.backup.map((b) => b.type);
    runs.verified = script('verify_backup.sh');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    for (const c of restored) c.destroy();
    source?.destroy();
    if (work) spawnSync('rm', ['-rf', work]);
  });

  it('backs up (full, then incremental) while the database is written, and verify_backup.sh passes', () => {
    expect(runs.full.status, runs.full.stderr + runs.full.stdout).toBe(0);
    expect(runs.full.stdout).toMatch(/stanza rrnet: creating it/);
    expect(runs.incr.status, runs.incr.stderr + runs.incr.stdout).toBe(0);
    expect(backupTypes).toEqual(['full', 'incr']);
    expect(atEnd['public.tenant_customers']!.md5).not.toBe(
      atRestorePoint['public.tenant_customers']!.md5,
    );
    expect(atEnd['public.sys_audit_logs']!.rows).toBeGreaterThan(
      atRestorePoint['public.sys_audit_logs']!.rows,
    );
    // archiving works (this also shipped the last WAL segment), the repository is intact, backups are fresh
    expect(runs.verified.status, runs.verified.stderr + runs.verified.stdout).toBe(0);
    expect(runs.verified.stdout).toMatch(/OK: 2 backup\(s\)/);
  });

  it('verify_backup.sh fails once the newest backup is older than its limit', () => {
    const stale = script('verify_backup.sh', [], {
      BACKUP_VERIFY_NOW: String(Math.floor(Date.now() / 1000) + 3 * 3600),
    });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/FAILED: newest backup is 3 h old \(limit 2 h\)/);
  });

  it(
    'restores the latest state into a fresh data directory: every table and audit chain as in the source',
    { timeout: 90_000 },
    async () => {
      const cluster = await restoreInto('latest', []);
      const url = cluster.url('postgres', db.name);
      expect(await tableState(url)).toEqual(atEnd);
      const chains = await auditChains(url);
      expect(chains.length).toBeGreaterThanOrEqual(tenants.length);
      expect(chains.filter((c) => !c.ok)).toEqual([]);
      for (const tenant of tenants)
        expect(chains.find((c) => c.chain === tenant)!.checked).toBeGreaterThan(0);
    },
  );

  it(
    'restores to the named restore point (point-in-time): the writes after it are absent',
    { timeout: 90_000 },
    async () => {
      const cluster = await restoreInto('pitr', [
        '--type=name',
        `--target=${RESTORE_POINT}`,
        '--target-action=promote',
      ]);
      const url = cluster.url('postgres', db.name);
      const state = await tableState(url);
      expect(state).toEqual(atRestorePoint);
      expect(state).not.toEqual(atEnd);
      expect((await auditChains(url)).filter((c) => !c.ok)).toEqual([]);
    },
  );

  it('keeps 30 days of full backups by time, compressed, archiving asynchronously (deploy/pgbackrest)', () => {
    const global = readIni(readFileSync(join(DEPLOY, 'pgbackrest.conf'), 'utf8')).get('global')!;
    expect(
      Object.fromEntries(
        ['repo1-retention-full-type', 'repo1-retention-full', 'compress-type', 'archive-async'].map(
          (k) => [k, global.get(k)],
        ),
      ),
    ).toEqual({
      'repo1-retention-full-type': 'time',
      'repo1-retention-full': '30',
      'compress-type': 'zst',
      'archive-async': 'y',
    });
    const archive = readPostgresSettings(
      readFileSync(join(DEPLOY, 'postgresql.archive.conf'), 'utf8'),
    );
    expect([archive.archive_mode, archive.archive_command]).toEqual([
      'on',
      `'pgbackrest --stanza=rrnet archive-push %p'`,
    ]);
  });
});
