/**
 * AWS Signature Version 4 for a request with a body (the documented algorithm:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
 * used by the AWS KMS client and checked independently by its simulator.
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignInput {
  method: string;
  url: URL;
  /** lower-case names; host is added from the URL */
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  /** YYYYMMDDTHHMMSSZ */
  amzDate: string;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding of one path segment or query part, as SigV4 wants it. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalRequest(input: SignInput, signedHeaders: string[]): string {
  const headers = { ...input.headers, host: input.url.host };
  const path = input.url.pathname.split('/').map((seg) => uriEncode(decodeURIComponent(seg))).join('/') || '/';
  const query = [...input.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${String(headers[h as keyof typeof headers] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  return [input.method, path, query, canonicalHeaders, signedHeaders.join(';'), sha256Hex(input.body)].join('\n');
}

export function signature(input: SignInput, signedHeaders: string[], secretAccessKey: string): string {
  const date = input.amzDate.slice(0, 8);
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', input.amzDate, scope, sha256Hex(canonicalRequest(input, signedHeaders))].join('\n');
  const kDate = hmac(`AWS4${secretAccessKey}`, date);
  const kRegion = hmac(kDate, input.region);
  const kService = hmac(kRegion, input.service);
  const kSigning = hmac(kService, 'aws4_request');
  return createHmac('sha256', kSigning).update(stringToSign).digest('hex');
}

export function amzDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The headers to send: the input's, x-amz-date, the session token if any, and Authorization. */
export function signRequest(input: Omit<SignInput, 'amzDate'> & { at?: Date }, credentials: AwsCredentials): Record<string, string> {
  const date = amzDate(input.at ?? new Date());
  const headers: Record<string, string> = { ...input.headers, 'x-amz-date': date };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const full: SignInput = { ...input, headers, amzDate: date };
  const signed = [...Object.keys(headers), 'host'].map((h) => h.toLowerCase()).sort();
  const sig = signature(full, signed, credentials.secretAccessKey);
  const scope = `${date.slice(0, 8)}/${input.region}/${input.service}/aws4_request`;
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${sig}`,
  };
}
