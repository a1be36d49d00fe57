/**
 * RouterOS v7 REST adapter: one instance talks to one router (`/rest/...`, Basic auth,
 * JSON). Wire details (kebab-case keys, string booleans, ".id") stay in this file and
 * in wire.ts; callers see the camelCase contract of types.ts.
 *
 * Resilience, outside in: circuit breaker (one logical call = one success or failure)
 * → linear retry of transient errors → one HTTP attempt with a timeout. So five calls
 * that each fail after their retries open the breaker, not two calls with three
 * attempts each. What is retried:
 *  - GET, PATCH and DELETE: idempotent, retried as they are. A DELETE whose retry
 *    answers 404 counts as done: the earlier attempt removed the item.
 *  - PUT (create) is not idempotent: before retrying, the client looks the item up by
 *    its natural key (secret/profile name, list + address) and returns it if the
 *    failed attempt did land; a retry that meets "already exists" looks again. A
 *    genuine duplicate on the first attempt is still a `conflict`.
 */
import { RouterBreaker } from './breaker';
import type { RouterBreakerOptions } from './breaker';
import { RouterOsError, kindForStatus } from './errors';
import { createRetryPolicy } from './retry';
import type { RetryOptions } from './retry';
import { httpTransport, insecureTlsTransport, isTlsVerificationCode, networkErrorCode, pinnedTlsTransport } from './transport';
import type { HttpTransport } from './transport';
import type {
  AddressListEntry,
  AddressListInput,
  PppActive,
  PppProfile,
  PppProfileInput,
  PppSecret,
  PppSecretInput,
  PppSecretPatch,
  RouterEndpoint,
  RouterIdentity,
  RouterResource,
} from './types';
import { formatWireBool, parseWireBool, wireNumber, wireText } from './wire';
import type { WireRecord } from './wire';

export const ROUTER_TIMEOUT_MS = 5_000;

/** Where the client connects: the tunnel address in tunnel mode, the router's host otherwise. */
export function dialAddress(endpoint: Pick<RouterEndpoint, 'host' | 'tunnelAddress'>): string {
  return endpoint.tunnelAddress ?? endpoint.host;
}

export interface RouterOsClientOptions {
  /** names the router in errors and in its breaker; default `host:port` */
  routerKey?: string;
  /** per HTTP attempt; default 5 s */
  timeoutMs?: number;
  /** false accepts self-signed certificates (HTTPS only); default true */
  rejectUnauthorized?: boolean;
  /**
   * `loopback_only` (production): plain http only to a loopback address or through the
   * router's WireGuard tunnel; any other plain-http call fails with kind `policy` before a
   * byte (or the password) is sent. Default `allowed`.
   */
  plainHttp?: PlainHttpPolicy;
  retry?: RetryOptions;
  /** share a breaker across client instances (the pool does); default: a new one */
  breaker?: RouterBreaker;
  /** settings for the breaker created when `breaker` is not given */
  breakerOptions?: Omit<RouterBreakerOptions, 'routerKey'>;
  /** replaces the node:http transport (tests inject failures through it) */
  transport?: HttpTransport;
}

type Method = 'GET' | 'PUT' | 'PATCH' | 'DELETE';

export type PlainHttpPolicy = 'allowed' | 'loopback_only';

function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Why a deployment refuses to talk to this router, or null: plain http leaves the REST
 * password and every secret readable on the wire, so where the policy is `loopback_only`
 * it is allowed only to this machine or inside the router's WireGuard tunnel.
 */
export function plainHttpRefusal(endpoint: Pick<RouterEndpoint, 'host' | 'useTls' | 'tunnelAddress'>, policy: PlainHttpPolicy): string | null {
  if (policy === 'allowed' || endpoint.useTls || endpoint.tunnelAddress || isLoopbackHost(endpoint.host)) return null;
  return 'plain http to a router is refused in production: turn on HTTPS (with the router\'s CA certificate) or connect it through the tunnel';
}

const SECRETS = '/ppp/secret';
const PROFILES = '/ppp/profile';
const ACTIVE = '/ppp/active';
const ADDRESS_LIST = '/ip/firewall/address-list';

export class RouterOsClient {
  readonly routerKey: string;
  readonly breaker: RouterBreaker;
  // #private: invisible to util.inspect / console.log, so the password never prints
  readonly #endpoint: RouterEndpoint;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #transport: HttpTransport;
  readonly #retry: ReturnType<typeof createRetryPolicy>;
  readonly #refusal: string | null;

  constructor(endpoint: RouterEndpoint, options: RouterOsClientOptions = {}) {
    this.#endpoint = { ...endpoint };
    const target = dialAddress(endpoint);
    const host = target.includes(':') && !target.startsWith('[') ? `[${target}]` : target;
    this.#baseUrl = `${endpoint.useTls ? 'https' : 'http'}://${host}:${endpoint.port}/rest`;
    this.routerKey = options.routerKey ?? `${target}:${endpoint.port}`;
    this.#timeoutMs = options.timeoutMs ?? ROUTER_TIMEOUT_MS;
    this.#transport =
      options.transport ??
      (!endpoint.useTls
        ? httpTransport
        : endpoint.caPem
          ? pinnedTlsTransport(endpoint.caPem)
          : options.rejectUnauthorized === false
            ? insecureTlsTransport
            : httpTransport);
    this.#refusal = plainHttpRefusal(endpoint, options.plainHttp ?? 'allowed');
    this.#retry = createRetryPolicy(options.retry);
    this.breaker =
      options.breaker ??
      new RouterBreaker({ ...options.breakerOptions, routerKey: this.routerKey });
  }

  /** The endpoint this client was built for (a copy; holds the password). */
  get endpoint(): RouterEndpoint {
    return { ...this.#endpoint };
  }

  // ── system ──

  async identity(): Promise<RouterIdentity> {
    const w = record(await this.read('/system/identity'), this.routerKey);
    return { name: w.name ?? '' };
  }

  async resource(): Promise<RouterResource> {
    const w = record(await this.read('/system/resource'), this.routerKey);
    return {
      version: w.version ?? '',
      boardName: w['board-name'] ?? '',
      architecture: w['architecture-name'] ?? '',
      uptime: w.uptime ?? '',
      cpuLoad: wireNumber(w['cpu-load']),
      freeMemory: wireNumber(w['free-memory']),
      totalMemory: wireNumber(w['total-memory']),
    };
  }

  // ── PPP secrets ──

  async listSecrets(): Promise<PppSecret[]> {
    return records(await this.read(SECRETS), this.routerKey).map(toSecret);
  }

  async findSecret(name: string): Promise<PppSecret | null> {
    return this.run(() => this.findSecretOnce(name));
  }

  async createSecret(input: PppSecretInput): Promise<PppSecret> {
    const body: WireRecord = {
      name: input.name,
      password: input.password,
      profile: input.profile,
    };
    if (input.service !== undefined) body.service = input.service;
    if (input.disabled !== undefined) body.disabled = formatWireBool(input.disabled);
    if (input.comment) body.comment = input.comment;
    return this.create(SECRETS, body, toSecret, () => this.findSecretOnce(input.name));
  }

  async updateSecret(id: string, patch: PppSecretPatch): Promise<PppSecret> {
    const body: WireRecord = {};
    if (patch.name !== undefined) body.name = patch.name;
    if (patch.password !== undefined) body.password = patch.password;
    if (patch.profile !== undefined) body.profile = patch.profile;
    if (patch.service !== undefined) body.service = patch.service;
    if (patch.disabled !== undefined) body.disabled = formatWireBool(patch.disabled);
    if (patch.comment !== undefined) body.comment = patch.comment ?? '';
    return toSecret(record(await this.patch(`${SECRETS}/${encodeId(id)}`, body), this.routerKey));
  }

  disableSecret(id: string): Promise<PppSecret> {
    return this.updateSecret(id, { disabled: true });
  }

  enableSecret(id: string): Promise<PppSecret> {
    return this.updateSecret(id, { disabled: false });
  }

  removeSecret(id: string): Promise<void> {
    return this.remove(`${SECRETS}/${encodeId(id)}`);
  }

  // ── PPP profiles ──

  async listProfiles(): Promise<PppProfile[]> {
    return records(await this.read(PROFILES), this.routerKey).map(toProfile);
  }

  async createProfile(input: PppProfileInput): Promise<PppProfile> {
    const body: WireRecord = { name: input.name };
    if (input.rateLimit) body['rate-limit'] = input.rateLimit;
    return this.create(PROFILES, body, toProfile, async () => {
      const found = records(
        await this.request('GET', PROFILES, undefined, { name: input.name }),
        this.routerKey,
      );
      return found[0] ? toProfile(found[0]) : null;
    });
  }

  // ── PPP active sessions ──

  async listActive(): Promise<PppActive[]> {
    return records(await this.read(ACTIVE), this.routerKey).map(toActive);
  }

  /** The active sessions of one PPPoE user (RouterOS allows one unless the profile says otherwise). */
  async findActive(name: string): Promise<PppActive[]> {
    return records(await this.read(ACTIVE, { name }), this.routerKey).map(toActive);
  }

  /** Disconnects one session; the CPE redials if its secret is still enabled. */
  kickActive(id: string): Promise<void> {
    return this.remove(`${ACTIVE}/${encodeId(id)}`);
  }

  /** Disconnects every session of a PPPoE user; returns how many were disconnected. */
  async kickByName(name: string): Promise<number> {
    const sessions = records(await this.read(ACTIVE, { name }), this.routerKey);
    let kicked = 0;
    for (const session of sessions) {
      try {
        await this.kickActive(session['.id'] ?? '');
        kicked++;
      } catch (error) {
        // the session ended between the list and the kick
        if (!(error instanceof RouterOsError && error.kind === 'not_found')) throw error;
      }
    }
    return kicked;
  }

  // ── firewall address lists ──

  async listAddressList(list?: string): Promise<AddressListEntry[]> {
    const query = list === undefined ? undefined : { list };
    return records(await this.read(ADDRESS_LIST, query), this.routerKey).map(toAddressListEntry);
  }

  async addAddressList(input: AddressListInput): Promise<AddressListEntry> {
    const body: WireRecord = { list: input.list, address: input.address };
    if (input.comment) body.comment = input.comment;
    return this.create(ADDRESS_LIST, body, toAddressListEntry, async () => {
      const query = { list: input.list, address: input.address };
      const found = records(
        await this.request('GET', ADDRESS_LIST, undefined, query),
        this.routerKey,
      );
      return found[0] ? toAddressListEntry(found[0]) : null;
    });
  }

  removeAddressList(id: string): Promise<void> {
    return this.remove(`${ADDRESS_LIST}/${encodeId(id)}`);
  }

  // ── plumbing ──

  /** breaker → retry (transient errors only) → `attempt(n)`, n = 0 for the first try */
  private run<T>(attempt: (n: number) => Promise<T>): Promise<T> {
    return this.breaker.execute(() => this.#retry.execute((context) => attempt(context.attempt)));
  }

  private read(path: string, query?: Record<string, string>): Promise<unknown> {
    return this.run(() => this.request('GET', path, undefined, query));
  }

  private patch(path: string, body: WireRecord): Promise<unknown> {
    return this.run(() => this.request('PATCH', path, body));
  }

  private remove(path: string): Promise<void> {
    return this.run(async (n) => {
      try {
        await this.request('DELETE', path);
      } catch (error) {
        // a retry finding nothing: the attempt that failed in transit had removed it
        if (n > 0 && error instanceof RouterOsError && error.kind === 'not_found') return;
        throw error;
      }
    });
  }

  private create<T>(
    path: string,
    body: WireRecord,
    map: (w: WireRecord) => T,
    find: () => Promise<T | null>,
  ): Promise<T> {
    return this.run(async (n) => {
      if (n > 0) {
        const landed = await find();
        if (landed) return landed;
      }
      try {
        return map(record(await this.request('PUT', path, body), this.routerKey));
      } catch (error) {
        if (n > 0 && error instanceof RouterOsError && error.kind === 'conflict') {
          const landed = await find();
          if (landed) return landed;
        }
        throw error;
      }
    });
  }

  private async findSecretOnce(name: string): Promise<PppSecret | null> {
    const found = records(await this.request('GET', SECRETS, undefined, { name }), this.routerKey);
    return found[0] ? toSecret(found[0]) : null;
  }

  /** One HTTP attempt. Every failure becomes a RouterOsError without credentials in it. */
  private async request(
    method: Method,
    path: string,
    body?: WireRecord,
    query?: Record<string, string>,
  ): Promise<unknown> {
    const search = query ? `?${new URLSearchParams(query).toString()}` : '';
    const label = `${method} ${path}`;
    const address = `${this.#endpoint.host}:${this.#endpoint.port}`;
    // what operators read (a router's last error on its page): its address, never the
    // platform's internal tenant:router key (logs carry the ids as fields)
    const where = `router ${address}`;
    if (this.#refusal) throw new RouterOsError({ kind: 'policy', routerKey: this.routerKey, message: `${where}: ${label} not sent: ${this.#refusal}` });
    const signal = AbortSignal.timeout(this.#timeoutMs);
    const headers: Record<string, string> = {
      authorization: basicAuth(this.#endpoint),
      accept: 'application/json',
    };
    if (body) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await this.#transport({
        method,
        url: `${this.#baseUrl}${path}${search}`,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal,
      });
    } catch (error) {
      if (signal.aborted) {
        throw new RouterOsError({
          kind: 'timeout',
          routerKey: this.routerKey,
          message: `${where}: ${label} timed out after ${this.#timeoutMs} ms`,
        });
      }
      const code = networkErrorCode(error);
      if (isTlsVerificationCode(code)) {
        throw new RouterOsError({
          kind: 'tls',
          routerKey: this.routerKey,
          message: `${where}: ${label} refused: its certificate did not verify (${code})`,
          code: code!,
        });
      }
      throw new RouterOsError({
        kind: 'unreachable',
        routerKey: this.routerKey,
        message: `${where}: ${label} failed: ${code ?? 'network error'}`,
        ...(code ? { code } : {}),
      });
    }

    if (response.status >= 400) {
      const info = parseErrorBody(response.body);
      const kind = kindForStatus(response.status, info.detail);
      const text = [info.message, info.detail].filter(Boolean).join(': ');
      throw new RouterOsError({
        kind,
        routerKey: this.routerKey,
        status: response.status,
        message: `${where}: ${label} → ${response.status}${text ? ` ${text}` : ''}`,
        ...(info.detail ? { detail: info.detail } : {}),
      });
    }
    if (response.body === '') return undefined;
    try {
      return JSON.parse(response.body) as unknown;
    } catch {
      throw new RouterOsError({
        kind: 'server',
        routerKey: this.routerKey,
        status: response.status,
        message: `${where}: ${label} returned a body that is not JSON`,
      });
    }
  }
}

function basicAuth(endpoint: RouterEndpoint): string {
  return `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`, 'utf8').toString('base64')}`;
}

/** RouterOS ids ("*1A") go into the path as they are; anything else is escaped. */
function encodeId(id: string): string {
  return encodeURIComponent(id);
}

function parseErrorBody(body: string): { message?: string; detail?: string } {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; detail?: unknown };
    return {
      ...(typeof parsed.message === 'string' ? { message: parsed.message } : {}),
      ...(typeof parsed.detail === 'string' ? { detail: parsed.detail } : {}),
    };
  } catch {
    return {};
  }
}

function unexpected(routerKey: string, what: string): RouterOsError {
  return new RouterOsError({
    kind: 'server',
    routerKey,
    message: `the router gave an unexpected response, expected ${what}`,
  });
}

function record(value: unknown, routerKey: string): WireRecord {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw unexpected(routerKey, 'an object');
  return value as WireRecord;
}

function records(value: unknown, routerKey: string): WireRecord[] {
  if (!Array.isArray(value)) throw unexpected(routerKey, 'a list');
  return value.map((item) => record(item, routerKey));
}

function toSecret(w: WireRecord): PppSecret {
  return {
    id: w['.id'] ?? '',
    name: w.name ?? '',
    password: w.password ?? '',
    profile: w.profile ?? 'default',
    service: w.service ?? 'any',
    disabled: parseWireBool(w.disabled),
    comment: wireText(w.comment),
  };
}

function toProfile(w: WireRecord): PppProfile {
  return { id: w['.id'] ?? '', name: w.name ?? '', rateLimit: wireText(w['rate-limit']) };
}

function toActive(w: WireRecord): PppActive {
  return {
    id: w['.id'] ?? '',
    name: w.name ?? '',
    service: w.service ?? '',
    callerId: wireText(w['caller-id']),
    address: wireText(w.address),
    uptime: w.uptime ?? '',
  };
}

function toAddressListEntry(w: WireRecord): AddressListEntry {
  return {
    id: w['.id'] ?? '',
    list: w.list ?? '',
    address: w.address ?? '',
    disabled: parseWireBool(w.disabled),
    comment: wireText(w.comment),
  };
}
