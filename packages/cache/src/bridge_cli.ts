/** Runs the Upstash-REST bridge as a process: REDIS_URL, BRIDGE_HOST, BRIDGE_PORT, BRIDGE_TOKEN, INTERNAL_TLS_* (mTLS). */
import { loadInternalTls } from '@rrnet/config/internal_tls';
import { createUpstashBridge } from './upstash_bridge';
import { bridgeConfig } from './config';

const config = bridgeConfig();
const tls = loadInternalTls(config);
const bridge = await createUpstashBridge({
  redisUrl: config.REDIS_URL,
  token: config.BRIDGE_TOKEN,
  host: config.BRIDGE_HOST,
  port: config.BRIDGE_PORT,
  tls,
});
console.log(`upstash bridge on ${bridge.url}${tls ? ' (mTLS)' : ''} → ${config.REDIS_URL.replace(/:[^:@/]*@/, ':***@')}`);
const stop = () => void bridge.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
