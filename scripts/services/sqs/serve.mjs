// The SQS emulator for the integration tests: fauxqs 1.9.2 on 127.0.0.1 only, made to count like AWS.
//
//   node scripts/services/sqs/serve.mjs [--port 4566] [--fauxqs <path to the fauxqs package directory>]
//
// Started by scripts/services/sqs.sh (which records why fauxqs was chosen). Three changes to fauxqs' defaults:
// - it listens on 127.0.0.1 (its CLI binds 0.0.0.0);
// - every request first runs the queues' visibility and delay timers. fauxqs runs them only on ReceiveMessage,
//   so without this an expired in-flight or delayed message would stay in the NotVisible/Delayed counts of
//   GetQueueAttributes until someone receives, while AWS moves it back to visible on its own;
// - queue URLs are http://127.0.0.1:<port>/000000000000/<name> (its default host, sqs.<region>.localhost,
//   does not resolve here), and a QueueUrl is found by its /<account>/<name> path whatever its host, as AWS
//   does (a bare queue name is still "queue does not exist", as on AWS).
// Prints one line `sqs emulator listening on http://127.0.0.1:<port>` when ready; stops on SIGTERM/SIGINT.
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const port = Number(option('port', '4566'));
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`sqs emulator: invalid port ${JSON.stringify(option('port', ''))}`);
  process.exit(2);
}

// fauxqs exports only "."; its SqsStore (needed to run the timers) is reached through a file URL.
// Default: the fauxqs this script resolves (the workspace's devDependency); its entry is <dir>/dist/app.js.
const fauxqsDirectory = option('fauxqs', undefined) ?? dirname(dirname(fileURLToPath(import.meta.resolve('fauxqs'))));
const { buildApp } = await import(pathToFileURL(`${fauxqsDirectory}/dist/app.js`).href);
const { SqsStore } = await import(pathToFileURL(`${fauxqsDirectory}/dist/sqs/sqsStore.js`).href);

const ACCOUNT_ID = '000000000000';
const origin = `http://127.0.0.1:${port}`;

class LoopbackSqsStore extends SqsStore {
  buildQueueUrl(queueName) {
    return `${origin}/${ACCOUNT_ID}/${queueName}`;
  }

  getQueue(url) {
    const exact = super.getQueue(url);
    if (exact !== undefined || typeof url !== 'string') return exact;
    let path;
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
    const match = /^\/(\d{12})\/([^/]+)$/.exec(path);
    return match && match[1] === ACCOUNT_ID ? super.getQueue(`${origin}${path}`) : undefined;
  }
}

const sqsStore = new LoopbackSqsStore();
const app = buildApp({ logger: false, stores: { sqsStore } });
app.addHook('onRequest', async () => {
  sqsStore.processAllTimers();
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  sqsStore.shutdown();
  await app.close();
  console.log(`sqs emulator stopped (${signal})`);
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

await app.listen({ host: '127.0.0.1', port });
console.log(`sqs emulator listening on ${origin} (fauxqs from ${fauxqsDirectory})`);
