import { describe, expect, it } from 'vitest';
import { generateWireguardKeyPair, isWireguardKey, wireguardPublicKey } from '../../src';

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

describe('WireGuard keys', () => {
  it('derives the RFC 7748 §6.1 public keys (X25519 of the base point), as wg pubkey does', () => {
    // Alice and Bob of RFC 7748; their scalars are used clamped by X25519, like wg does
    expect(wireguardPublicKey(b64('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'))).toBe(
      b64('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'),
    );
    expect(wireguardPublicKey(b64('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'))).toBe(
      b64('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'),
    );
  });

  it('generates clamped 32-byte base64 keys whose public half matches the private one', () => {
    const a = generateWireguardKeyPair();
    const b = generateWireguardKeyPair();
    expect(a.privateKey).not.toBe(b.privateKey);
    for (const k of [a.privateKey, a.publicKey]) {
      expect(isWireguardKey(k)).toBe(true);
      expect(Buffer.from(k, 'base64')).toHaveLength(32);
    }
    const raw = Buffer.from(a.privateKey, 'base64');
    expect(raw[0]! & 7).toBe(0);
    expect(raw[31]! & 0xc0).toBe(0x40);
    expect(wireguardPublicKey(a.privateKey)).toBe(a.publicKey);
  });

  it('refuses what is not a WireGuard key', () => {
    expect(isWireguardKey('abc')).toBe(false);
    expect(isWireguardKey(Buffer.alloc(31).toString('base64'))).toBe(false);
    expect(() => wireguardPublicKey('not-a-key')).toThrow(/WireGuard key/);
  });
});
