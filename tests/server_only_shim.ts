// Vitest runs route handlers outside the React server environment, where the
// `server-only` guard package would throw on import; this empty module stands in for the guard only.
export {};
