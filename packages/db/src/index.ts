export * from './client';
export * from './roles';
export * as schema from './schema';
export * from './schema';
