/**
 * The certificates named by INTERNAL_TLS_* (see `INTERNAL_TLS_ENV`), read once at start,
 * and the TLS options that make a server require them (mTLS) and a client present them.
 */
import { readFileSync } from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';

export interface InternalTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export interface InternalTlsFiles {
  INTERNAL_TLS_CERT_FILE?: string | undefined;
  INTERNAL_TLS_KEY_FILE?: string | undefined;
  INTERNAL_TLS_CA_FILE?: string | undefined;
}

/** null when mTLS is not configured (the config rule guarantees all three or none). */
export function loadInternalTls(files: InternalTlsFiles): InternalTls | null {
  const {
    INTERNAL_TLS_CERT_FILE: cert,
    INTERNAL_TLS_KEY_FILE: key,
    INTERNAL_TLS_CA_FILE: ca,
  } = files;
  if (!cert || !key || !ca) return null;
  return { ca: readFileSync(ca), cert: readFileSync(cert), key: readFileSync(key) };
}

/** Server side: HTTPS with this service's certificate; only clients with a certificate from the CA complete the handshake. */
export function mtlsServerOptions(tls: InternalTls): TlsOptions {
  return {
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  };
}

/** Client side: trust only the deployment's CA for the server and present this service's certificate. */
export function mtlsClientOptions(
  tls: InternalTls,
): SecureContextOptions & { rejectUnauthorized: true } {
  return {
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  };
}
