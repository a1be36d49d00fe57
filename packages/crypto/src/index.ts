export * from './secret_box';
export * from './passwords';
export * from './wireguard_keys';
export * from './kms';
export * from './envelope';
export * from './vault_transit';
export * from './aws_kms';
export * from './sigv4';
