/**
 * WireGuard keys (Curve25519) with node:crypto's X25519: raw 32-byte keys in base64,
 * exactly what `wg genkey` / `wg pubkey` print and what RouterOS `/interface wireguard`
 * takes. The private key is clamped as `wg genkey` clamps it, so a key made here and one
 * made by wg look alike; `wg pubkey` of our private key gives our public key.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

/** DER of a PKCS#8 X25519 private key, up to the 32 raw bytes (RFC 8410). */
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const WG_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export interface WireguardKeyPair {
  /** base64 of 32 bytes: store only encrypted (SecretBox) */
  privateKey: string;
  publicKey: string;
}

/** A well-formed WireGuard key: base64 of exactly 32 bytes. */
export function isWireguardKey(value: string): boolean {
  return WG_KEY.test(value);
}

function clamp(raw: Buffer): Buffer {
  const k = Buffer.from(raw);
  k[0]! &= 248;
  k[31]! &= 127;
  k[31]! |= 64;
  return k;
}

/** The public key of a base64 private key (what `wg pubkey` prints). */
export function wireguardPublicKey(privateKey: string): string {
  if (!isWireguardKey(privateKey)) throw new Error('not a WireGuard key (base64 of 32 bytes)');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, Buffer.from(privateKey, 'base64')]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32).toString('base64');
}

/** A new key pair (`wg genkey | tee priv | wg pubkey`). */
export function generateWireguardKeyPair(): WireguardKeyPair {
  const { privateKey } = generateKeyPairSync('x25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const priv = clamp(der.subarray(der.length - 32)).toString('base64');
  return { privateKey: priv, publicKey: wireguardPublicKey(priv) };
}
