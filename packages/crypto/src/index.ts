export * from './secret_box';
export * from './passwords';
export * from './wireguard_keys';
