import { createRequire } from 'node:module';
import { main } from './main.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
const controller = new AbortController();
let interrupted = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted += 1;
    if (interrupted > 1) process.exit(130); // a second Ctrl-C does not wait for workers
    controller.abort();
  });
}
process.exitCode = await main(process.argv.slice(2), { signal: controller.signal, version });
