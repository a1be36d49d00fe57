/**
 * `pnpm --filter @rrnet/db seed`: the demo ISPs, idempotently. DATABASE_URL is the
 * privileged URL of the RRNet database; the seed itself logs in as rrnet_system and
 * rrnet_app (passwords RRNET_*_DB_PASSWORD) so RLS and the audit trail apply.
 */
import { ConfigKeyProvider, SecretBox } from '@rrnet/crypto';
import { roleUrl } from '../roles';
import { seedDemo } from '../seed/seed_demo';

const url = process.env.DATABASE_URL;
const keys = process.env.ENCRYPTION_KEYS;
if (!url || !keys) {
  console.error('DATABASE_URL and ENCRYPTION_KEYS are required');
  process.exit(1);
}
const result = await seedDemo({
  appUrl: roleUrl(url, 'rrnet_app', process.env.RRNET_APP_DB_PASSWORD ?? ''),
  systemUrl: roleUrl(url, 'rrnet_system', process.env.RRNET_SYSTEM_DB_PASSWORD ?? ''),
  secretBox: new SecretBox(new ConfigKeyProvider(keys)),
  routerBasePort: process.env.ROUTER_SIM_BASE_PORT ? Number(process.env.ROUTER_SIM_BASE_PORT) : undefined,
  log: (m) => console.log(m),
});
console.log(`seed: ${result.tenants.filter((t) => t.created).length} demo tenant(s) created, ${result.tenants.length} present`);
