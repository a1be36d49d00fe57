/**
 * The RouterOS v7 REST adapter's contract: what RRNet reads from and writes to a
 * MikroTik router. Field names are camelCase here; the wire format (kebab-case keys,
 * string booleans, ".id" ids) stays inside the client and the simulator.
 */

/** How to reach one router. The password is the decrypted one: never log it. */
export interface RouterEndpoint {
  host: string;
  port: number;
  useTls: boolean;
  username: string;
  password: string;
  /**
   * Tunnel mode: the router sits behind NAT and RRNet reaches it at this address of its
   * WireGuard tunnel instead of `host` (which stays what the operator entered).
   */
  tunnelAddress?: string | null;
  /**
   * HTTPS only: the one certificate authority this router's certificate must chain to (PEM)
   * — a private CA, or the router's own self-signed certificate, which pins it. Absent: the
   * system's public CAs.
   */
  caPem?: string | null;
}

export interface RouterIdentity {
  name: string;
}

export interface RouterResource {
  version: string;
  boardName: string;
  architecture: string;
  uptime: string;
  cpuLoad: number;
  freeMemory: number;
  totalMemory: number;
}

export interface PppSecret {
  /** RouterOS ".id", e.g. "*1A" */
  id: string;
  name: string;
  password: string;
  profile: string;
  service: string;
  disabled: boolean;
  comment: string | null;
}

export interface PppSecretInput {
  name: string;
  password: string;
  profile: string;
  service?: string;
  disabled?: boolean;
  comment?: string | null;
}

export type PppSecretPatch = Partial<Omit<PppSecretInput, 'name'>> & { name?: string };

export interface PppProfile {
  id: string;
  name: string;
  rateLimit: string | null;
}

export interface PppProfileInput {
  name: string;
  rateLimit?: string | null;
}

export interface PppActive {
  id: string;
  name: string;
  service: string;
  callerId: string | null;
  address: string | null;
  uptime: string;
}

export interface AddressListEntry {
  id: string;
  list: string;
  address: string;
  disabled: boolean;
  comment: string | null;
}

export interface AddressListInput {
  list: string;
  address: string;
  comment?: string | null;
}

/** Why a router call failed. Only `unreachable`, `timeout` and `server` are retried. */
export type RouterErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'server'
  | 'auth'
  | 'not_found'
  | 'conflict'
  | 'bad_request'
  | 'circuit_open'
  /** the router's certificate failed verification (untrusted, expired, wrong name): not retried */
  | 'tls'
  /** refused before sending: plain http to a router outside loopback where the deployment forbids it */
  | 'policy';

export type BreakerState = 'closed' | 'open' | 'half_open';
