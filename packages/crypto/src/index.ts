export * from './secret_box';
export * from './passwords';
