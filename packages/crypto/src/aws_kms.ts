/**
 * AWS KMS as the KMS, through its documented JSON 1.1 HTTP API
 * (https://docs.aws.amazon.com/kms/latest/APIReference/): `POST /` to
 * https://kms.<region>.amazonaws.com with `X-Amz-Target: TrentService.<Action>`,
 * `Content-Type: application/x-amz-json-1.1` and a SigV4 signature (service `kms`):
 *   GenerateDataKey {KeyId, KeySpec: AES_256, EncryptionContext}       → Plaintext, CiphertextBlob, KeyId
 *   Decrypt         {CiphertextBlob, KeyId, EncryptionContext}         → Plaintext
 *   ReEncrypt       {CiphertextBlob, SourceEncryptionContext,
 *                    DestinationKeyId, DestinationEncryptionContext}   → CiphertextBlob, KeyId
 * The encryption context `{rrnet_tenant: <tenant id>}` binds each wrapped key to its ISP.
 * The KEK version is the key's ARN (KeyId in the answers): AWS's automatic yearly rotation
 * of a key's backing material is invisible to callers and needs nothing; moving to another
 * key (AWS_KMS_KEY_ID changed) is what the key_rotation job rewraps for.
 */
import { KmsError, assertKmsUrl, kmsJson } from './kms';
import type { Kms, WrappedKey } from './kms';
import { signRequest } from './sigv4';
import type { AwsCredentials } from './sigv4';

export interface AwsKmsOptions {
  region: string;
  /** key id, ARN or alias/…; the KEK new data keys are wrapped with */
  keyId: string;
  credentials: AwsCredentials;
  /** default https://kms.<region>.amazonaws.com (a VPC endpoint, FIPS endpoint or the simulator) */
  endpoint?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class AwsKms implements Kms {
  readonly kind = 'aws' as const;
  private readonly url: URL;
  private readonly doFetch: typeof fetch;
  private resolvedKeyArn: string | null = null;

  constructor(private readonly opts: AwsKmsOptions) {
    this.url = assertKmsUrl('AWS KMS', opts.endpoint ?? `https://kms.${opts.region}.amazonaws.com/`);
    this.doFetch = opts.fetch ?? fetch;
  }

  private async call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const body = JSON.stringify(payload);
    const headers = signRequest(
      {
        method: 'POST',
        url: this.url,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${action}` },
        body,
        region: this.opts.region,
        service: 'kms',
      },
      this.opts.credentials,
    );
    const res = await this.doFetch(this.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
    return kmsJson(`AWS KMS ${action}`, res);
  }

  private static context(tenant: string): Record<string, string> {
    return { rrnet_tenant: tenant };
  }

  private static arn(answer: Record<string, unknown>): string {
    if (typeof answer.KeyId !== 'string' || !answer.KeyId) throw new KmsError('AWS KMS: the answer names no KeyId');
    return answer.KeyId;
  }

  async generateDataKey(context: string): Promise<WrappedKey & { plaintext: Buffer }> {
    const out = await this.call('GenerateDataKey', { KeyId: this.opts.keyId, KeySpec: 'AES_256', EncryptionContext: AwsKms.context(context) });
    const plaintext = Buffer.from(String(out.Plaintext ?? ''), 'base64');
    if (plaintext.length !== 32) throw new KmsError('AWS KMS: the data key is not 256 bits');
    this.resolvedKeyArn = AwsKms.arn(out);
    return { plaintext, wrapped: String(out.CiphertextBlob), kekVersion: this.resolvedKeyArn };
  }

  async unwrap(wrapped: string, context: string): Promise<Buffer> {
    const out = await this.call('Decrypt', { CiphertextBlob: wrapped, EncryptionContext: AwsKms.context(context) });
    const plaintext = Buffer.from(String(out.Plaintext ?? ''), 'base64');
    if (plaintext.length !== 32) throw new KmsError('AWS KMS: the unwrapped data key is not 256 bits');
    return plaintext;
  }

  async rewrap(wrapped: string, context: string): Promise<WrappedKey> {
    const out = await this.call('ReEncrypt', {
      CiphertextBlob: wrapped,
      SourceEncryptionContext: AwsKms.context(context),
      DestinationKeyId: this.opts.keyId,
      DestinationEncryptionContext: AwsKms.context(context),
    });
    this.resolvedKeyArn = AwsKms.arn(out);
    return { wrapped: String(out.CiphertextBlob), kekVersion: this.resolvedKeyArn };
  }

  /** The configured key's ARN (DescribeKey resolves an alias to it). */
  async currentKekVersion(): Promise<string> {
    if (!this.resolvedKeyArn) {
      const out = await this.call('DescribeKey', { KeyId: this.opts.keyId });
      const meta = out.KeyMetadata as { Arn?: unknown } | undefined;
      if (typeof meta?.Arn !== 'string') throw new KmsError('AWS KMS: DescribeKey returned no Arn');
      this.resolvedKeyArn = meta.Arn;
    }
    return this.resolvedKeyArn;
  }
}
