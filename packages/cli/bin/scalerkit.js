#!/usr/bin/env node
// The `scalerkit` command. This small file is in git so that npm links the command even before the first
// build (in a workspace checkout); the program itself is dist/bin.js.
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error('scalerkit: @scalerkit/cli is not built; run "npm run build" first');
    process.exit(1);
  }
  throw error;
}
