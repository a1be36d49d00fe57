export * from './client';
export * from './roles';
export * from './tenant';
export * from './transient';
export * from './maintenance';
export * as schema from './schema';
export * from './schema';
export * from './data_keys';
