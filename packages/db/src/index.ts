export * from './client';
export * from './roles';
export * from './tenant';
export * as schema from './schema';
export * from './schema';
