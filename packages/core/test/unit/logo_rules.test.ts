import { describe, expect, it } from 'vitest';
import { AppError, LOGO_MAX_BYTES } from '@rrnet/contracts';
import { checkLogo, decodeBase64, looksLikeMarkup, sniffImageType } from '../../src/admin/logo_rules';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xdb], [1, 2, 3]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');

function refusal(fn: () => unknown): { code: string; details: Record<string, string> } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return { code: (err as AppError).code, details: (err as AppError).details as Record<string, string> };
  }
  throw new Error('not refused');
}

describe('logo rules', () => {
  it('knows PNG, JPEG and WebP by their first bytes, nothing else', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(WEBP)).toBe('image/webp');
    expect(sniffImageType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull(); // a RIFF that is audio
    expect(sniffImageType(bytes('GIF89a'))).toBeNull();
    expect(sniffImageType(PNG.subarray(0, 4))).toBeNull(); // cut short
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it('tells markup (SVG, HTML) apart, also after a BOM or blank lines', () => {
    expect(looksLikeMarkup(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(true);
    expect(looksLikeMarkup(bytes([0xef, 0xbb, 0xbf], '\n  <?xml version="1.0"?><svg/>'))).toBe(true);
    expect(looksLikeMarkup(PNG)).toBe(false);
  });

  it('decodes base64 with or without a data: prefix, and refuses what is not base64', () => {
    expect(decodeBase64(`data:image/png;base64,${Buffer.from(PNG).toString('base64')}`)).toEqual(PNG);
    expect(decodeBase64(Buffer.from(JPEG).toString('base64'))).toEqual(JPEG);
    expect(decodeBase64('not base64!')).toBeNull();
    expect(decodeBase64('')).toBeNull();
    expect(decodeBase64('abcde')).toBeNull();
  });

  it('accepts a small image whose bytes agree with its declared type (image/jpg read as image/jpeg)', () => {
    expect(checkLogo(PNG, 'image/png')).toBe('image/png');
    expect(checkLogo(JPEG, 'image/jpg')).toBe('image/jpeg');
    expect(checkLogo(WEBP, 'image/webp')).toBe('image/webp');
  });

  it('refuses empty, too big, SVG, unknown bytes and a declared type the bytes contradict, naming the field', () => {
    expect(refusal(() => checkLogo(null, 'image/png'))).toMatchObject({ code: 'VALIDATION_FAILED', details: { content_base64: expect.any(String) } });
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(PNG);
    expect(refusal(() => checkLogo(big, 'image/png')).details.content_base64).toMatch(/at most 256 KB/);
    const exact = new Uint8Array(LOGO_MAX_BYTES);
    exact.set(PNG);
    expect(checkLogo(exact, 'image/png')).toBe('image/png');
    expect(refusal(() => checkLogo(bytes('<svg/>'), 'image/svg+xml')).details.content_base64).toMatch(/SVG/);
    expect(refusal(() => checkLogo(bytes('GIF89a....'), 'image/gif')).details.content_base64).toMatch(/Not a PNG/);
    expect(refusal(() => checkLogo(JPEG, 'image/png')).details.content_type).toMatch(/image\/jpeg, not image\/png/);
  });
});
