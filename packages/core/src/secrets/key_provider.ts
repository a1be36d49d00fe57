/**
 * The SecretBox of a process from its configuration (packages/config KMS_ENV): envelope
 * encryption with a data key per ISP in sys_data_keys (through the system role), wrapped
 * by the KEK of Vault Transit, AWS KMS or — in development — the local keys of
 * ENCRYPTION_KEYS. Values from before envelope encryption (`k1:…`) keep opening with
 * ENCRYPTION_KEYS until the key_rotation job has re-encrypted them.
 */
import { AwsKms, ConfigKeyProvider, EnvelopeKeyProvider, LocalKms, SecretBox, VaultTransitKms } from '@rrnet/crypto';
import type { Kms } from '@rrnet/crypto';
import { createDataKeyStore } from '@rrnet/db';
import type { Sql } from '@rrnet/db';

/** The fields of packages/config's KMS_ENV this needs (validated there by kmsRule). */
export interface KmsSettings {
  KMS_PROVIDER: 'local' | 'vault' | 'aws';
  ENCRYPTION_KEYS?: string | undefined;
  VAULT_ADDR?: string | undefined;
  VAULT_TOKEN?: string | undefined;
  VAULT_NAMESPACE?: string | undefined;
  VAULT_TRANSIT_MOUNT?: string | undefined;
  VAULT_ROLE_ID?: string | undefined;
  VAULT_SECRET_ID?: string | undefined;
  VAULT_APPROLE_MOUNT?: string | undefined;
  VAULT_TRANSIT_KEY?: string | undefined;
  AWS_REGION?: string | undefined;
  AWS_KMS_KEY_ID?: string | undefined;
  AWS_KMS_ENDPOINT?: string | undefined;
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
  AWS_SESSION_TOKEN?: string | undefined;
}

const required = (value: string | undefined, name: string): string => {
  if (!value) throw new Error(`${name} is required for this KMS_PROVIDER`);
  return value;
};

export function createKms(s: KmsSettings): Kms {
  switch (s.KMS_PROVIDER) {
    case 'vault':
      return new VaultTransitKms({
        address: required(s.VAULT_ADDR, 'VAULT_ADDR'),
        ...(s.VAULT_ROLE_ID
          ? { appRole: { roleId: s.VAULT_ROLE_ID, secretId: required(s.VAULT_SECRET_ID, 'VAULT_SECRET_ID'), mount: s.VAULT_APPROLE_MOUNT ?? 'approle' } }
          : { token: required(s.VAULT_TOKEN, 'VAULT_TOKEN') }),
        keyName: required(s.VAULT_TRANSIT_KEY, 'VAULT_TRANSIT_KEY'),
        mount: s.VAULT_TRANSIT_MOUNT ?? 'transit',
        ...(s.VAULT_NAMESPACE ? { namespace: s.VAULT_NAMESPACE } : {}),
      });
    case 'aws':
      return new AwsKms({
        region: required(s.AWS_REGION, 'AWS_REGION'),
        keyId: required(s.AWS_KMS_KEY_ID, 'AWS_KMS_KEY_ID'),
        ...(s.AWS_KMS_ENDPOINT ? { endpoint: s.AWS_KMS_ENDPOINT } : {}),
        credentials: {
          accessKeyId: required(s.AWS_ACCESS_KEY_ID, 'AWS_ACCESS_KEY_ID'),
          secretAccessKey: required(s.AWS_SECRET_ACCESS_KEY, 'AWS_SECRET_ACCESS_KEY'),
          ...(s.AWS_SESSION_TOKEN ? { sessionToken: s.AWS_SESSION_TOKEN } : {}),
        },
      });
    default:
      return new LocalKms(required(s.ENCRYPTION_KEYS, 'ENCRYPTION_KEYS'));
  }
}

export interface ProcessSecrets {
  secretBox: SecretBox;
  keys: EnvelopeKeyProvider;
}

export function createProcessSecrets(s: KmsSettings, systemSql: Sql, kms: Kms = createKms(s)): ProcessSecrets {
  const keys = new EnvelopeKeyProvider({
    kms,
    store: createDataKeyStore(systemSql, kms.kind),
    ...(s.ENCRYPTION_KEYS ? { legacy: new ConfigKeyProvider(s.ENCRYPTION_KEYS) } : {}),
  });
  return { secretBox: new SecretBox(keys), keys };
}
