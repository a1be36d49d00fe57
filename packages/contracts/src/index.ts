export * from './errors';
export * from './envelope';
export * from './validation';
export * from './health';
export * from './format';
export * from './access';
export * from './auth';
export * from './admin';
