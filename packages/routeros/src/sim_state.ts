/**
 * The simulated router's memory and its REST semantics, without HTTP: what
 * `GET/PUT/PATCH/DELETE /rest/...` do to one router's state. simulator.ts puts this
 * behind a real HTTP server. Behaviour copied from RouterOS v7:
 *  - validation messages ("failure: secret with the same name already exists",
 *    "input does not match any value of profile"), 404 for unknown ids;
 *  - with autoDial, an enabled secret's CPE dials in (an active session with a fresh
 *    "*8000000A"-style id, a 10.x address and a caller-id MAC); disabling or removing a
 *    secret leaves its session up; kicking a session makes the CPE redial at once if the
 *    secret is still enabled (new session, new id).
 */
import { createHash } from 'node:crypto';
import type { AddressListEntry, PppProfile, PppSecret } from './types';
import { formatRouterUptime, formatWireBool } from './wire';
import type { WireRecord } from './wire';

export interface SimActiveSession {
  id: string;
  name: string;
  service: string;
  callerId: string;
  address: string;
  sessionId: string;
  /** epoch ms */
  connectedAt: number;
}

export interface SimProfile extends PppProfile {
  /** built-in profiles cannot be removed */
  builtIn: boolean;
}

export interface SimRouterState {
  identity: string;
  version: string;
  boardName: string;
  architecture: string;
  cpuLoad: number;
  freeMemory: number;
  totalMemory: number;
  /** epoch ms */
  bootedAt: number;
  /** RouterOS style, from bootedAt */
  readonly uptime: string;
  profiles: SimProfile[];
  secrets: PppSecret[];
  active: SimActiveSession[];
  addressLists: AddressListEntry[];
  /** REST requests received (control endpoints not counted) */
  requests: number;
  nextIds: {
    profile: number;
    secret: number;
    active: number;
    addressList: number;
    address: number;
  };
}

export const SIM_ROUTEROS_VERSION = '7.16.2 (stable)';
export const SIM_BOARD_NAME = 'RB5009UG+S+';
export const ISOLIR_PROFILE = 'isolir';

const SERVICES = ['any', 'async', 'l2tp', 'ovpn', 'pppoe', 'pptp', 'sstp'];
const SECRET_FIELDS = new Set(['name', 'password', 'profile', 'service', 'disabled', 'comment']);
const PROFILE_FIELDS = new Set(['name', 'rate-limit', 'comment']);
const ADDRESS_LIST_FIELDS = new Set(['list', 'address', 'comment', 'disabled']);

export function createSimState(index: number, now: number): SimRouterState {
  return {
    identity: `MikroTik-SIM-${index + 1}`,
    version: SIM_ROUTEROS_VERSION,
    boardName: SIM_BOARD_NAME,
    architecture: 'arm64',
    cpuLoad: 2 + (index % 7),
    freeMemory: 812_000_000 - index * 1_000_000,
    totalMemory: 1_073_741_824,
    bootedAt: now - (index + 1) * 3_600_000,
    get uptime() {
      return formatRouterUptime((Date.now() - this.bootedAt) / 1000);
    },
    profiles: [
      { id: '*0', name: 'default', rateLimit: null, builtIn: true },
      { id: '*1', name: ISOLIR_PROFILE, rateLimit: '128k/128k', builtIn: false },
      { id: '*FFFFFFFE', name: 'default-encryption', rateLimit: null, builtIn: true },
    ],
    secrets: [],
    active: [],
    addressLists: [],
    requests: 0,
    nextIds: { profile: 2, secret: 1, active: 0x8000000a, addressList: 1, address: 2 },
  };
}

export interface SimContext {
  state: SimRouterState;
  index: number;
  autoDial: boolean;
  now: number;
}

export interface SimResult {
  status: number;
  body?: unknown;
}

type Body = Record<string, string>;

interface Table<T extends { id: string }> {
  items: (state: SimRouterState) => T[];
  toWire: (item: T, ctx: SimContext) => WireRecord;
  create?: (ctx: SimContext, body: Body) => T | SimResult;
  update?: (ctx: SimContext, item: T, body: Body) => SimResult | void;
  remove?: (ctx: SimContext, item: T) => SimResult | void;
}

const fail = (status: number, detail: string): SimResult => ({ status, body: { detail } });
const isFailure = (value: unknown): value is SimResult =>
  typeof value === 'object' && value !== null && 'status' in value && !('id' in value);

const hexId = (n: number) => `*${n.toString(16).toUpperCase()}`;

function parseBool(value: string, field: string): boolean | SimResult {
  if (value === 'true' || value === 'yes') return true;
  if (value === 'false' || value === 'no') return false;
  return fail(400, `value of ${field} must be true or false`);
}

function unknownField(body: Body, allowed: Set<string>): SimResult | null {
  const bad = Object.keys(body).find((k) => !allowed.has(k));
  return bad === undefined ? null : fail(400, `unknown parameter ${bad}`);
}

// ── PPP ──

function callerIdFor(name: string): string {
  const h = createHash('sha1').update(name).digest();
  return [
    'E4',
    '8D',
    '8C',
    ...[h[0], h[1], h[2]].map((b) => (b ?? 0).toString(16).padStart(2, '0').toUpperCase()),
  ].join(':');
}

function nextAddress(ctx: SimContext): string {
  const ids = ctx.state.nextIds;
  while ((ids.address & 0xff) === 0 || (ids.address & 0xff) === 0xff) ids.address++;
  const n = ids.address++;
  return `10.${10 + (ctx.index % 240)}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

/** The CPE of an enabled PPPoE secret dials in (once: RouterOS "only-one" behaviour). */
function dial(ctx: SimContext, secret: PppSecret): void {
  if (!ctx.autoDial || secret.disabled) return;
  if (secret.service !== 'pppoe' && secret.service !== 'any') return;
  if (ctx.state.active.some((s) => s.name === secret.name)) return;
  const n = ctx.state.nextIds.active++;
  ctx.state.active.push({
    id: hexId(n),
    name: secret.name,
    service: 'pppoe',
    callerId: callerIdFor(secret.name),
    address: nextAddress(ctx),
    sessionId: `0x${(n + 0x01000000).toString(16).toUpperCase()}`,
    connectedAt: ctx.now,
  });
}

function applySecretFields(
  ctx: SimContext,
  target: PppSecret,
  body: Body,
  selfId: string | null,
): SimResult | null {
  const bad = unknownField(body, SECRET_FIELDS);
  if (bad) return bad;
  if (body.name !== undefined) {
    if (body.name === '') return fail(400, 'failure: name must be set');
    if (ctx.state.secrets.some((s) => s.name === body.name && s.id !== selfId)) {
      return fail(400, 'failure: secret with the same name already exists');
    }
  }
  if (body.profile !== undefined && !ctx.state.profiles.some((p) => p.name === body.profile)) {
    return fail(400, 'input does not match any value of profile');
  }
  if (body.service !== undefined && !SERVICES.includes(body.service)) {
    return fail(400, 'input does not match any value of service');
  }
  let disabled = target.disabled;
  if (body.disabled !== undefined) {
    const parsed = parseBool(body.disabled, 'disabled');
    if (typeof parsed !== 'boolean') return parsed;
    disabled = parsed;
  }
  if (body.name !== undefined) target.name = body.name;
  if (body.password !== undefined) target.password = body.password;
  if (body.profile !== undefined) target.profile = body.profile;
  if (body.service !== undefined) target.service = body.service;
  if (body.comment !== undefined) target.comment = body.comment === '' ? null : body.comment;
  target.disabled = disabled;
  return null;
}

const secretTable: Table<PppSecret> = {
  items: (state) => state.secrets,
  toWire: (s) => ({
    '.id': s.id,
    name: s.name,
    password: s.password,
    profile: s.profile,
    service: s.service,
    disabled: formatWireBool(s.disabled),
    ...(s.comment ? { comment: s.comment } : {}),
    'caller-id': '',
    'limit-bytes-in': '0',
    'limit-bytes-out': '0',
    routes: '',
    'last-logged-out': '1970-01-01 00:00:00',
  }),
  create: (ctx, body) => {
    if (!body.name) return fail(400, 'failure: name must be set');
    const secret: PppSecret = {
      id: hexId(ctx.state.nextIds.secret),
      name: '',
      password: '',
      profile: 'default',
      service: 'any',
      disabled: false,
      comment: null,
    };
    const error = applySecretFields(ctx, secret, body, null);
    if (error) return error;
    ctx.state.nextIds.secret++;
    ctx.state.secrets.push(secret);
    dial(ctx, secret);
    return secret;
  },
  update: (ctx, secret, body) => {
    const error = applySecretFields(ctx, { ...secret }, body, secret.id);
    if (error) return error;
    applySecretFields(ctx, secret, body, secret.id);
    dial(ctx, secret);
  },
  // the session of a removed secret stays up until kicked, as on RouterOS
  remove: (ctx, secret) => {
    ctx.state.secrets.splice(ctx.state.secrets.indexOf(secret), 1);
  },
};

const profileTable: Table<SimProfile> = {
  items: (state) => state.profiles,
  toWire: (p) => ({
    '.id': p.id,
    name: p.name,
    ...(p.rateLimit ? { 'rate-limit': p.rateLimit } : {}),
    default: formatWireBool(p.builtIn),
    'only-one': 'default',
    'change-tcp-mss': 'default',
    'use-encryption': p.name === 'default-encryption' ? 'yes' : 'default',
  }),
  create: (ctx, body) => {
    const bad = unknownField(body, PROFILE_FIELDS);
    if (bad) return bad;
    if (!body.name) return fail(400, 'failure: name must be set');
    if (ctx.state.profiles.some((p) => p.name === body.name)) {
      return fail(400, 'failure: profile with the same name already exists');
    }
    const profile: SimProfile = {
      id: hexId(ctx.state.nextIds.profile++),
      name: body.name,
      rateLimit: body['rate-limit'] || null,
      builtIn: false,
    };
    ctx.state.profiles.push(profile);
    return profile;
  },
  update: (ctx, profile, body) => {
    const bad = unknownField(body, PROFILE_FIELDS);
    if (bad) return bad;
    if (body.name !== undefined && body.name !== profile.name) {
      if (profile.builtIn) return fail(400, 'failure: can not rename default profile');
      if (!body.name || ctx.state.profiles.some((p) => p.name === body.name)) {
        return fail(400, 'failure: profile with the same name already exists');
      }
      // secrets refer to the profile, not to its name
      for (const s of ctx.state.secrets) if (s.profile === profile.name) s.profile = body.name;
      profile.name = body.name;
    }
    if (body['rate-limit'] !== undefined) profile.rateLimit = body['rate-limit'] || null;
  },
  remove: (ctx, profile) => {
    if (profile.builtIn) return fail(400, 'failure: can not remove default profile');
    if (ctx.state.secrets.some((s) => s.profile === profile.name)) {
      return fail(400, 'failure: profile is in use');
    }
    ctx.state.profiles.splice(ctx.state.profiles.indexOf(profile), 1);
  },
};

const activeTable: Table<SimActiveSession> = {
  items: (state) => state.active,
  toWire: (a, ctx) => ({
    '.id': a.id,
    name: a.name,
    service: a.service,
    'caller-id': a.callerId,
    address: a.address,
    uptime: formatRouterUptime((ctx.now - a.connectedAt) / 1000),
    encoding: '',
    'session-id': a.sessionId,
    'limit-bytes-in': '0',
    'limit-bytes-out': '0',
    radius: 'false',
  }),
  // kick: the CPE redials while its secret is enabled
  remove: (ctx, session) => {
    ctx.state.active.splice(ctx.state.active.indexOf(session), 1);
    const secret = ctx.state.secrets.find((s) => s.name === session.name);
    if (secret) dial(ctx, secret);
  },
};

// ── firewall address lists ──

const ADDRESS = /^[0-9A-Za-z.:/_-]+$/;

const addressListTable: Table<AddressListEntry> = {
  items: (state) => state.addressLists,
  toWire: (e) => ({
    '.id': e.id,
    list: e.list,
    address: e.address,
    disabled: formatWireBool(e.disabled),
    dynamic: 'false',
    ...(e.comment ? { comment: e.comment } : {}),
    'creation-time': '2025-01-01 00:00:00',
  }),
  create: (ctx, body) => {
    const bad = unknownField(body, ADDRESS_LIST_FIELDS);
    if (bad) return bad;
    if (!body.list) return fail(400, 'failure: list must be set');
    if (!body.address || !ADDRESS.test(body.address)) return fail(400, 'invalid value of address');
    if (ctx.state.addressLists.some((e) => e.list === body.list && e.address === body.address)) {
      return fail(400, 'failure: already have such entry');
    }
    let disabled = false;
    if (body.disabled !== undefined) {
      const parsed = parseBool(body.disabled, 'disabled');
      if (typeof parsed !== 'boolean') return parsed;
      disabled = parsed;
    }
    const entry: AddressListEntry = {
      id: hexId(ctx.state.nextIds.addressList++),
      list: body.list,
      address: body.address,
      disabled,
      comment: body.comment || null,
    };
    ctx.state.addressLists.push(entry);
    return entry;
  },
  update: (ctx, entry, body) => {
    const bad = unknownField(body, ADDRESS_LIST_FIELDS);
    if (bad) return bad;
    if (body.address !== undefined && !ADDRESS.test(body.address))
      return fail(400, 'invalid value of address');
    let disabled = entry.disabled;
    if (body.disabled !== undefined) {
      const parsed = parseBool(body.disabled, 'disabled');
      if (typeof parsed !== 'boolean') return parsed;
      disabled = parsed;
    }
    if (body.list !== undefined) entry.list = body.list;
    if (body.address !== undefined) entry.address = body.address;
    if (body.comment !== undefined) entry.comment = body.comment || null;
    entry.disabled = disabled;
  },
  remove: (ctx, entry) => {
    ctx.state.addressLists.splice(ctx.state.addressLists.indexOf(entry), 1);
  },
};

const TABLES: Record<string, Table<{ id: string }>> = {
  'ppp/secret': secretTable as unknown as Table<{ id: string }>,
  'ppp/profile': profileTable as unknown as Table<{ id: string }>,
  'ppp/active': activeTable as unknown as Table<{ id: string }>,
  'ip/firewall/address-list': addressListTable as unknown as Table<{ id: string }>,
};

function systemResource(ctx: SimContext): WireRecord {
  const s = ctx.state;
  return {
    uptime: s.uptime,
    version: s.version,
    'build-time': '2024-10-29 14:31:32',
    'factory-software': '7.4',
    'free-memory': String(s.freeMemory),
    'total-memory': String(s.totalMemory),
    cpu: 'ARM64',
    'cpu-count': '4',
    'cpu-frequency': '350',
    'cpu-load': String(s.cpuLoad),
    'free-hdd-space': '876544000',
    'total-hdd-space': '1073741824',
    'architecture-name': s.architecture,
    'board-name': s.boardName,
    platform: 'MikroTik',
  };
}

function bodyRecord(body: unknown): Body | SimResult {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(400, 'JSON object expected');
  }
  const out: Body = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === null || typeof v === 'object') return fail(400, `value of ${k} must be a string`);
    out[k] = String(v);
  }
  return out;
}

/** One REST request against one router: `path` is what follows `/rest/`. */
export function handleRest(
  ctx: SimContext,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: unknown,
): SimResult {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const joined = segments.join('/');

  if (joined === 'system/identity' && method === 'GET')
    return { status: 200, body: { name: ctx.state.identity } };
  if (joined === 'system/resource' && method === 'GET')
    return { status: 200, body: systemResource(ctx) };

  let table = TABLES[joined];
  let id: string | undefined;
  if (!table && segments.length > 1) {
    table = TABLES[segments.slice(0, -1).join('/')];
    id = segments[segments.length - 1];
  }
  if (!table) return fail(400, `no such command or directory (${segments.at(-1) ?? ''})`);

  const items = table.items(ctx.state);
  const item = id === undefined ? undefined : items.find((i) => i.id === id);
  if (id !== undefined && !item) return fail(404, 'no such item');

  const body = bodyRecord(rawBody);
  if (isFailure(body)) return body;

  switch (method) {
    case 'GET': {
      if (item) return { status: 200, body: table.toWire(item, ctx) };
      const filters = [...query.entries()].filter(([k]) => k === '.id' || !k.startsWith('.'));
      const rows = items
        .map((i) => table.toWire(i, ctx))
        .filter((row) => filters.every(([k, v]) => row[k] === v));
      return { status: 200, body: rows };
    }
    case 'PUT': {
      if (item || !table.create) return fail(400, 'failure: can not add');
      const created = table.create(ctx, body);
      if (isFailure(created)) return created;
      return { status: 201, body: table.toWire(created, ctx) };
    }
    case 'PATCH': {
      if (!item || !table.update) return fail(400, 'failure: can not set');
      const error = table.update(ctx, item, body);
      if (error) return error;
      return { status: 200, body: table.toWire(item, ctx) };
    }
    case 'DELETE': {
      if (!item || !table.remove) return fail(400, 'failure: can not remove');
      const error = table.remove(ctx, item);
      if (error) return error;
      return { status: 204 };
    }
    default:
      return fail(400, `method ${method} not supported`);
  }
}
