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
