/** `pnpm db:maintain`: audit partitions ahead + chain verification. DATABASE_URL: system or owner login. */
import postgres from 'postgres';
import { ensureAuditPartitions, verifyAuditChains } from '../maintenance';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(1);
}
const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  const created = await ensureAuditPartitions(sql, Number(process.env.MONTHS_AHEAD ?? 3));
  console.log(`audit partitions: ${created} created`);
  const chains = await verifyAuditChains(sql);
  for (const c of chains) {
    console.log(c.ok ? `chain ${c.chain_id}: ok (${c.checked} rows)` : `chain ${c.chain_id}: BROKEN at row ${c.first_broken_id}: ${c.reason}`);
  }
  process.exitCode = chains.every((c) => c.ok) ? 0 : 2;
} finally {
  await sql.end();
}
