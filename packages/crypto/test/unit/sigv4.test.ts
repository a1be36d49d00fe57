import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalRequest, signRequest, signature } from '../../src/sigv4';

// AWS's published Signature Version 4 test suite ("get-vanilla", "post-vanilla"):
// AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service".
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const base = {
  url: new URL('https://example.amazonaws.com/'),
  headers: { 'x-amz-date': '20150830T123600Z' },
  body: '',
  region: 'us-east-1',
  service: 'service',
  amzDate: '20150830T123600Z',
};

describe('SigV4', () => {
  it('matches AWS get-vanilla: canonical request, its hash and the signature', () => {
    const input = { ...base, method: 'GET' };
    const canonical = canonicalRequest(input, ['host', 'x-amz-date']);
    expect(canonical).toBe('GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(createHash('sha256').update(canonical).digest('hex')).toBe('bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63');
    expect(signature(input, ['host', 'x-amz-date'], SECRET)).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('matches AWS post-vanilla', () => {
    expect(signature({ ...base, method: 'POST' }, ['host', 'x-amz-date'], SECRET)).toBe('5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b');
  });

  it('signs every header it sends, the session token too, in the Authorization header', () => {
    const headers = signRequest(
      { method: 'POST', url: new URL('https://kms.ap-southeast-3.amazonaws.com/'), headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Decrypt' }, body: '{}', region: 'ap-southeast-3', service: 'kms', at: new Date('2026-01-02T03:04:05Z') },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: 'tok' },
    );
    expect(headers['x-amz-date']).toBe('20260102T030405Z');
    expect(headers['x-amz-security-token']).toBe('tok');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/ap-southeast-3\/kms\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
  });
});
