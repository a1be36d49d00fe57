/** `pnpm db:migrate`: applies drizzle/ to DATABASE_URL (a privileged login). */
import { migrateDatabase } from '../migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a login that may create roles, or rrnet_owner).');
  process.exit(1);
}
const result = await migrateDatabase({
  adminUrl: url,
  passwords: {
    app: process.env.RRNET_APP_DB_PASSWORD,
    system: process.env.RRNET_SYSTEM_DB_PASSWORD,
  },
  log: (m) => console.log(m),
});
console.log(`migrations: ${result.applied} applied, ${result.total} at head`);
