export * from './redis_client';
export * from './upstash_bridge';
export * from './rate_limits';
export * from './local_cache';
export * from './resp_requester';
export * from './lua_scripts';
export * from './tenant_cache';
