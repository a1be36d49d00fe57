export * from './redis_client';
export * from './upstash_bridge';
export * from './rate_limits';
export * from './local_cache';
