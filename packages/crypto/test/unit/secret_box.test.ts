import { describe, expect, it } from 'vitest';
import { ConfigKeyProvider, SecretBox, generateKeySpec, hashPassword, verifyPassword } from '../../src';

describe('SecretBox', () => {
  it('round-trips with a key id prefix and a fresh IV each time', async () => {
    const box = new SecretBox(new ConfigKeyProvider(generateKeySpec('k1')));
    const a = await box.encrypt('pppoe-secret-123');
    const b = await box.encrypt('pppoe-secret-123');
    expect(a).not.toBe(b);
    expect(a.startsWith('k1:')).toBe(true);
    expect(a).not.toContain('pppoe-secret-123');
    expect(await box.decrypt(a)).toBe('pppoe-secret-123');
  });

  it('decrypts values of an older key after rotation and flags them', async () => {
    const k1 = generateKeySpec('k1');
    const old = await new SecretBox(new ConfigKeyProvider(k1)).encrypt('router-pass');
    const rotated = new SecretBox(new ConfigKeyProvider(`${generateKeySpec('k2')},${k1}`));
    expect(await rotated.decrypt(old)).toBe('router-pass');
    expect(await rotated.needsRotation(old)).toBe(true);
    expect(await rotated.needsRotation(await rotated.encrypt('x'))).toBe(false);
  });

  it('refuses tampered ciphertext, a swapped key id and unknown keys', async () => {
    const box = new SecretBox(new ConfigKeyProvider(generateKeySpec('k1')));
    const value = await box.encrypt('secret');
    const [id, iv, ct, tag] = value.split(':');
    const flipped = Buffer.from(ct!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    await expect(box.decrypt([id, iv, flipped.toString('base64url'), tag].join(':'))).rejects.toThrow();
    await expect(box.decrypt(['k9', iv, ct, tag].join(':'))).rejects.toThrow(/unknown encryption key/);
    await expect(box.decrypt('plain')).rejects.toThrow(/not an encrypted value/);
  });

  it('validates the key configuration', () => {
    expect(() => new ConfigKeyProvider('')).toThrow(/no key/);
    expect(() => new ConfigKeyProvider('k1:c2hvcnQ=')).toThrow(/32 bytes/);
  });
});

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const stored = await hashPassword('rahasia-sekali');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(stored, 'rahasia-sekali')).toBe(true);
    expect(await verifyPassword(stored, 'salah')).toBe(false);
    expect(await verifyPassword('garbage', 'x')).toBe(false);
  });
});
