// Drizzle-managed tables, one file per module. sys_audit_logs is partitioned and created
// by hand-written SQL; its query definition lives in ../audit_table.ts.
export * from './saas';
export * from './identity';
export * from './settings';
export * from './network';
export * from './customers';
export * from './billing';
export * from './isolir';
export * from './notifications';
export * from './outages';
export * from './reports';
export * from './system';
export * from './api';

export * from './tickets';
export * from './portal';
