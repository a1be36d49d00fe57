/**
 * Logo rules (pure): what an uploaded image is, judged by its first bytes (the "magic
 * numbers") and never by the type its sender claims; SVG is refused outright (it is
 * markup that can carry script, and sanitising it is not worth a logo); the size limit.
 */
import { AppError, FIELD_MESSAGES, LOGO_MAX_BYTES, fieldMessage } from '@rrnet/contracts';
import type { LogoContentType } from '@rrnet/contracts';

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);

/** The image type the bytes are, or null: PNG (89 50 4E 47 0D 0A 1A 0A), JPEG (FF D8 FF), WebP (RIFF....WEBP). */
export function sniffImageType(bytes: Uint8Array): LogoContentType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** Markup that looks like SVG (or any XML/HTML): told apart so the refusal says why. */
export function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<');
}

/** base64 (with or without a data: prefix) to bytes; null when it is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  const body = text.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (body.length === 0 || body.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return null;
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/**
 * The accepted logo's type, or a VALIDATION_FAILED naming the field: not base64, empty,
 * over LOGO_MAX_BYTES, SVG/markup, not an image we know, or a declared type the bytes
 * contradict (a JPEG sent as image/png is refused rather than stored under the wrong type).
 */
export function checkLogo(bytes: Uint8Array | null, declared: string): LogoContentType {
  const refuse = (field: 'content_base64' | 'content_type', message: string) => new AppError('VALIDATION_FAILED', { message, details: { [field]: message } });
  if (!bytes || bytes.length === 0) throw refuse('content_base64', FIELD_MESSAGES.logo_not_base64);
  if (bytes.length > LOGO_MAX_BYTES) throw refuse('content_base64', fieldMessage('logo_too_large', { size_kb: Math.ceil(bytes.length / 1024), max_kb: LOGO_MAX_BYTES / 1024 }));
  const type = sniffImageType(bytes);
  if (!type) {
    throw refuse('content_base64', looksLikeMarkup(bytes) ? FIELD_MESSAGES.logo_markup : FIELD_MESSAGES.logo_not_image);
  }
  const claimed = declared === 'image/jpg' ? 'image/jpeg' : declared;
  if (claimed !== type) throw refuse('content_type', fieldMessage('logo_type_mismatch', { type, declared: declared || '—' }));
  return type;
}
