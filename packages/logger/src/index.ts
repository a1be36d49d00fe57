/**
 * Structured logging (spec §6): JSON lines with timestamp, level, service, trace_id,
 * user_id, tenant_id and message. Request and job context travels in AsyncLocalStorage,
 * so any code below a request or job logs with its ids without passing them around.
 * Secrets and PII are redacted by path.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export type Logger = PinoLogger;

export interface LogContext {
  trace_id: string;
  request_id?: string;
  user_id?: string | null;
  tenant_id?: string | null;
  job_id?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function getContext(): LogContext | undefined {
  return storage.getStore();
}

/** Adds ids (e.g. tenant, user once authenticated) to the current context in place. */
export function enrichContext(fields: Partial<LogContext>): void {
  const current = storage.getStore();
  if (current) Object.assign(current, fields);
}

export function newTraceId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Keys whose values never reach a log line, at any depth we know of. */
export const REDACTED_KEYS = [
  'password',
  'password_hash',
  'pppoe_password',
  'token',
  'access_token',
  'refresh_token',
  'api_key',
  'secret',
  'authorization',
  'cookie',
  'national_id',
  'phone',
  'whatsapp_phone',
  'email',
  'address',
  'server_key',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`);
  }
  paths.push('req.headers.authorization', 'req.headers.cookie', 'headers.authorization');
  return paths;
}

export interface LoggerOptions {
  service: string;
  level?: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    messageKey: 'message',
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactPaths(), censor: '[REDACTED]' },
    mixin() {
      const ctx = storage.getStore();
      return {
        trace_id: ctx?.trace_id ?? null,
        user_id: ctx?.user_id ?? null,
        tenant_id: ctx?.tenant_id ?? null,
        ...(ctx?.request_id ? { request_id: ctx.request_id } : {}),
        ...(ctx?.job_id ? { job_id: ctx.job_id } : {}),
      };
    },
  };
  if (options.destination) return pino(pinoOptions, options.destination);
  if (options.pretty) {
    return pino(
      pinoOptions,
      pretty({
        sync: true,
        colorize: true,
        messageKey: 'message',
        timestampKey: 'timestamp',
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,service,trace_id,user_id,tenant_id,request_id',
        messageFormat: '{if tenant_id}[t:{tenant_id}] {end}{message}',
      }),
    );
  }
  return pino(pinoOptions);
}

/** Masks a phone/e-mail-like value for display or logs: "+62812****7890". */
export function maskPii(value: string | null | undefined): string {
  if (!value) return '';
  if (value.length <= 4) return '*'.repeat(value.length);
  const keep = Math.min(4, Math.floor(value.length / 3));
  return value.slice(0, keep) + '*'.repeat(value.length - keep * 2) + value.slice(-keep);
}
