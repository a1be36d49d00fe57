/**
 * The one place environment variables are read. Each app declares a zod schema in its
 * own `config.ts` and calls `loadConfig`; a bad environment fails startup with one
 * message that names every missing or invalid variable.
 */
import { readFileSync } from 'node:fs';
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

/**
 * `NAME_FILE=/path` stands for `NAME`: the value is the file's content without its
 * trailing newline. That is how compose `secrets:` (/run/secrets/…) and Kubernetes
 * secret volumes hand secrets to a process, so they never sit in the environment.
 */
export function loadConfig<T extends z.ZodObject>(
  service: string,
  schema: T,
  source: EnvSource = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): z.infer<T> {
  const picked: Record<string, string | undefined> = {};
  const fileProblems: string[] = [];
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    picked[key] = value === '' ? undefined : value;
    const file = source[`${key}_FILE`];
    if (!file) continue;
    if (picked[key] !== undefined) {
      fileProblems.push(`${key}: set both ${key} and ${key}_FILE (use one)`);
      continue;
    }
    try {
      picked[key] = readFile(file).replace(/\r?\n$/, '');
    } catch (err) {
      fileProblems.push(`${key}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  const result = schema.safeParse(picked);
  if (fileProblems.length > 0 || !result.success) {
    const problems = fileProblems.concat((result.error?.issues ?? []).map((issue) => {
      const name = issue.path.map(String).join('.') || '(root)';
      const value = picked[name];
      return value === undefined
        ? `${name}: missing (${issue.message})`
        : `${name}: invalid (${issue.message})`;
    }));
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
