export * from './classes';
export * from './catalogue';
export * from './envelope';
export * from './enqueue';
export * from './run_job';
