/**
 * Runnable example (README): sign in as a demo user and list the ISP's users.
 *   RRNET_URL=http://localhost:3000 pnpm --filter @rrnet/client example
 */
import { createRrnetClient } from '../src/index';

const rrnet = createRrnetClient({
  baseUrl: process.env.RRNET_URL ?? 'http://localhost:3000',
  auth: { email: process.env.RRNET_EMAIL ?? 'owner@sinarnet.demo', password: process.env.RRNET_PASSWORD ?? 'rrnet-demo-2026' },
});

const me = await rrnet.auth.me.query();
console.log(`${me.name} (${me.role}) at ${me.tenant_name}`);
for (const user of await rrnet.admin.users.list.query()) {
  console.log(`- ${user.name} <${user.email}> ${user.role}`);
}
