/**
 * The one place environment variables are read. Each app declares a zod schema in its
 * own `config.ts` and calls `loadConfig`; a bad environment fails startup with one
 * message that names every missing or invalid variable.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(service: string, problems: string[]) {
    super(
      `Invalid configuration for ${service}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee README.md "Configuration" for every variable.',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type EnvSource = Record<string, string | undefined>;

export function loadConfig<T extends z.ZodObject>(
  service: string,
  schema: T,
  source: EnvSource = process.env,
): z.infer<T> {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    picked[key] = value === '' ? undefined : value;
  }
  const result = schema.safeParse(picked);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.map(String).join('.') || '(root)';
      const value = picked[name];
      return value === undefined
        ? `${name}: missing (${issue.message})`
        : `${name}: invalid (${issue.message})`;
    });
    throw new ConfigError(service, problems);
  }
  return result.data;
}

/** Building blocks shared by app config schemas. */
export const NODE_ENV = z.enum(['development', 'test', 'production']).default('development');
export const LOG_LEVEL = z.enum(['error', 'warn', 'info', 'debug']).default('info');
export const POSTGRES_URL = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL');
export const REDIS_URL = z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL');
export const BOOLEAN_FLAG = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/**
 * Router tunnels (routers behind NAT reach RRNet over WireGuard; see
 * core/network/tunnel_rules.ts): the platform range cut into one block per ISP. Web and
 * worker must agree on both.
 */
export const TUNNEL_NETWORK = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR such as 10.200.0.0/16')
  .default('10.200.0.0/16');
export const TUNNEL_BLOCK_PREFIX = z.coerce.number().int().min(9).max(30).default(24);
/** a WireGuard key: base64 of 32 bytes (what `wg genkey` / `wg pubkey` print) */
export const WIREGUARD_KEY = z.string().regex(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, 'must be a WireGuard key (base64 of 32 bytes)');
