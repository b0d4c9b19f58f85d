// Public API of this area; re-exported by ../index.ts.
export {};
