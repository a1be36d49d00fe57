#!/usr/bin/env node
/**
 * `npm start`: from a fresh clone to a running RRNet.
 *   1. pnpm (installed if missing) installs the workspace,
 *   2. Postgres and Redis are chosen (see lib/backends.mjs) and printed,
 *   3. migrations and the demo seed are applied,
 *   4. the worker and the web app run together with prefixed logs (a real Redis over RESP
 *      in-process, Upstash over REST when UPSTASH_REDIS_REST_URL is set).
 * Ctrl-C stops everything, the embedded database included.
 */
import { ensurePnpm, installDependencies, say } from './lib/toolchain.mjs';

const pnpm = ensurePnpm();
installDependencies(pnpm);
// Dependencies exist from here on.
const { startStack } = await import('./lib/stack.mjs');
await startStack({ pnpm, mode: process.env.RRNET_WEB_MODE === 'production' ? 'production' : 'development' }).catch((err) => {
  say(`start failed: ${err.message}`);
  process.exit(1);
});
