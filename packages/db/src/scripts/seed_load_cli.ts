/**
 * `pnpm db:seed:load --tenants N --customers M`: benchmark data, M customers for each of
 * N tenants. DATABASE_URL must be a superuser login; ENCRYPTION_KEYS as for the app.
 */
import { parseArgs } from 'node:util';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { seedLoad } from '../seed/seed_load';

const { values } = parseArgs({
  options: {
    tenants: { type: 'string', default: '10' },
    customers: { type: 'string', default: '1000' },
    prefix: { type: 'string', default: 'load' },
  },
});
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a superuser login to the RRNet database)');
  process.exit(1);
}
const tenants = Number(values.tenants);
const customers = Number(values.customers);
if (!Number.isInteger(tenants) || tenants < 1 || !Number.isInteger(customers) || customers < 1) {
  console.error('--tenants and --customers must be positive integers');
  process.exit(1);
}
const result = await seedLoad({
  adminUrl: url,
  tenants,
  customersPerTenant: customers,
  prefix: values.prefix,
  secretBox: new SecretBox(new ConfigKeyProvider(process.env.ENCRYPTION_KEYS ?? generateKeySpec())),
  log: (m) => console.log(m),
});
console.log(`load: ${result.tenantIds.length} tenants, ${result.customers} customers in ${result.seconds.toFixed(1)} s`);
