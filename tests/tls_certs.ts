/**
 * Throwaway X.509 material for TLS and mTLS tests: a CA and the server and client
 * certificates it issues, made with the openssl CLI (node:crypto cannot sign
 * certificates) in a fresh directory. EC P-256 keys keep generation fast; certificates
 * are valid from now for two days, so nothing depends on the date.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequestRaw } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertificateAuthority {
  dir: string;
  name: string;
  certFile: string;
  keyFile: string;
}

export interface IssuedCertificate {
  certFile: string;
  keyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A fresh directory for certificates (under the system temp dir). */
export function certificateDir(prefix = 'rrnet-tls-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function createCertificateAuthority(dir: string, name: string): CertificateAuthority {
  mkdirSync(dir, { recursive: true });
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  chmodSync(keyFile, 0o600);
  return { dir, name, certFile, keyFile };
}

/**
 * A certificate signed by the CA. `hosts` become subjectAltNames (IP or DNS) of a service
 * certificate (server and client use); without hosts it is a client-only certificate whose common name is `cn`
 * (PostgreSQL's `cert` authentication maps it to the role name).
 */
export function issueCertificate(
  ca: CertificateAuthority,
  name: string,
  options: { cn: string; hosts?: string[] },
): IssuedCertificate {
  const certFile = join(ca.dir, `${name}.crt`);
  const keyFile = join(ca.dir, `${name}.key`);
  const csrFile = join(ca.dir, `${name}.csr`);
  const extFile = join(ca.dir, `${name}.ext`);
  const san = (options.hosts ?? []).map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`));
  writeFileSync(
    extFile,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      // a service certificate serves (bridge, metrics) and is presented as a client (worker → bridge)
      `extendedKeyUsage=${san.length ? 'serverAuth,clientAuth' : 'clientAuth'}`,
      ...(san.length ? [`subjectAltName=${san.join(',')}`] : []),
    ].join('\n'),
  );
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      `/CN=${options.cn}`,
      '-keyout',
      keyFile,
      '-out',
      csrFile,
    ],
    ca.dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      certFile,
      '-extfile',
      extFile,
    ],
    ca.dir,
  );
  chmodSync(keyFile, 0o600);
  return { certFile, keyFile };
}

export interface HttpsAnswer {
  status: number;
  body: string;
}

/**
 * One HTTPS request trusting `caFile` for the server and presenting `client` (or no
 * certificate); resolves with the answer or rejects with the TLS/socket error.
 */
export function httpsRequest(
  url: string,
  options: {
    caFile: string;
    client?: IssuedCertificate;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequestRaw(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ca: readFileSync(options.caFile),
        ...(options.client
          ? {
              cert: readFileSync(options.client.certFile),
              key: readFileSync(options.client.keyFile),
            }
          : {}),
        agent: false,
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}
