/**
 * Queues the key_rotation job (docs/runbooks/key_rotation.md), with the worker's own
 * configuration (the same environment or *_FILE secrets as the worker):
 *   pnpm --filter @rrnet/worker rotate-keys                   new data keys + rewrap + re-encrypt
 *   pnpm --filter @rrnet/worker rotate-keys --rewrap-only     keep the data keys: rewrap under the current KEK, re-encrypt stragglers
 *   pnpm --filter @rrnet/worker rotate-keys --tenant <uuid>   only these ISPs (repeatable)
 * A running worker picks it up; its log line 'key rotation pass done' reports each pass.
 */
import { parseArgs } from 'node:util';
import { createDatabase } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { loadWorkerConfig } from './config';

const { values } = parseArgs({ options: { 'rewrap-only': { type: 'boolean' }, tenant: { type: 'string', multiple: true } }, strict: true });
const config = loadWorkerConfig();
const app = createDatabase(config.APP_DATABASE_URL, { max: 1, applicationName: 'rrnet-rotate-keys' });
try {
  const job = await enqueue(
    app.sql as never,
    'key_rotation',
    { rotate_data_keys: !values['rewrap-only'], ...(values.tenant?.length ? { tenant_ids: values.tenant } : {}) },
    { tenantId: null },
  );
  process.stdout.write(`${JSON.stringify({ event: 'key_rotation_queued', job })}\n`);
} finally {
  await app.close();
}
