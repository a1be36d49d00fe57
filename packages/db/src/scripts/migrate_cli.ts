/**
 * `pnpm db:migrate`: applies drizzle/ to DATABASE_URL (a privileged login). Each variable
 * may come as NAME_FILE (compose secrets, Kubernetes secret volumes), like loadConfig.
 */
import { readFileSync } from 'node:fs';
import { migrateDatabase } from '../migrate';

function envOrFile(name: string): string | undefined {
  const file = process.env[`${name}_FILE`];
  return process.env[name] || (file ? readFileSync(file, 'utf8').replace(/\r?\n$/, '') : undefined);
}

const url = envOrFile('DATABASE_URL');
if (!url) {
  console.error('DATABASE_URL is required (a login that may create roles, or rrnet_owner).');
  process.exit(1);
}
const result = await migrateDatabase({
  adminUrl: url,
  passwords: {
    app: envOrFile('RRNET_APP_DB_PASSWORD'),
    system: envOrFile('RRNET_SYSTEM_DB_PASSWORD'),
  },
  log: (m) => console.log(m),
});
console.log(`migrations: ${result.applied} applied, ${result.total} at head`);
