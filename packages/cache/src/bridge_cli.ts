/** Runs the Upstash-REST bridge as a process: REDIS_URL, BRIDGE_HOST, BRIDGE_PORT, BRIDGE_TOKEN. */
import { createUpstashBridge } from './upstash_bridge';
import { bridgeConfig } from './config';

const config = bridgeConfig();
const bridge = await createUpstashBridge({
  redisUrl: config.REDIS_URL,
  token: config.BRIDGE_TOKEN,
  host: config.BRIDGE_HOST,
  port: config.BRIDGE_PORT,
});
console.log(`upstash bridge on ${bridge.url} → ${config.REDIS_URL.replace(/:[^:@/]*@/, ':***@')}`);
const stop = () => void bridge.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
