// The files of a new scaler package built on the scaler kit: parameters, definition, `/register`, a local
// queue service to test against, the conformance suite, a parameter table test and a README.
import { formatParameterTable } from '@scalerkit/core/parameters';
import { scaffoldParameters, scaffoldParametersSource } from './scaler-parameters.js';

/** What the scaffold needs to know. */
export interface ScalerScaffoldOptions {
  /** The trigger type, kebab-case: `http-queue`. */
  type: string;
  /** The npm package name. */
  packageName: string;
  /** The version range of @scalerkit/core and @scalerkit/testing to depend on. */
  scalerkitVersion: string;
}

/** `http-queue` → `httpQueue`. */
function camelCase(type: string): string {
  return type.replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase());
}

function pascalCase(type: string): string {
  const camel = camelCase(type);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** Every file of the package, by path relative to its directory. */
export function scalerPackageFiles(options: ScalerScaffoldOptions): Record<string, string> {
  const { type, packageName, scalerkitVersion } = options;
  const camel = camelCase(type);
  const pascal = pascalCase(type);
  const scaler = `${camel}Scaler`;
  const declared = `${camel}Parameters`;
  const config = `${pascal}Config`;
  const entry = (name: string) => ({
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
    require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
  });
  const packageJson = {
    name: packageName,
    version: '0.1.0',
    description: `A scalerkit scaler for the "${type}" trigger type.`,
    type: 'module',
    engines: { node: '>=20' },
    sideEffects: ['./dist/register.js', './dist/register.cjs'],
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.cts',
    exports: { '.': entry('index'), './register': entry('register'), './package.json': './package.json' },
    files: ['dist', 'README.md'],
    scripts: { build: 'tsup', test: 'vitest run', typecheck: 'tsc -p tsconfig.json' },
    peerDependencies: { '@scalerkit/core': scalerkitVersion },
    devDependencies: {
      '@scalerkit/core': scalerkitVersion,
      '@scalerkit/testing': scalerkitVersion,
      '@types/node': '^20.19.0',
      tsup: '^8.5.0',
      typescript: '~5.9.3',
      vitest: '^4.0.0',
    },
  };
  const table = formatParameterTable(scaffoldParameters());
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023'],
          types: ['node'],
          strict: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ['src', 'test', 'vitest.config.ts'],
      },
      null,
      2,
    )}\n`,
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
`,
    'tsup.config.ts': `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/register.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  // One copy of @scalerkit/core per process: never bundle it.
  external: ['@scalerkit/core'],
});
`,
    [`src/${type}-parameters.ts`]: `import { type InferParameters, parameters as p } from '@scalerkit/core';
import type { TriggerIdentity } from '@scalerkit/core/scaler-kit';

/** The \`${type}\` trigger's parameters: name, sources, default and meaning, declared once. */
export const ${declared} = ${scaffoldParametersSource};

/** A parsed \`${type}\` trigger. */
export type ${config} = InferParameters<typeof ${declared}> & TriggerIdentity;
`,
    [`src/${type}-scaler.ts`]: `import { connectionKey, defineScaler, ScalerError } from '@scalerkit/core';
import { createPolledScaler, describeUrl, getJson, metricSpec, parseTrigger } from '@scalerkit/core/scaler-kit';
import { type ${config}, ${declared} } from './${type}-parameters.js';

const type = '${type}';

/** The queue's depth as the service reports it: \`GET {url}/queues/{queueName}\` answers \`{ "depth": n }\`. */
async function readDepth(config: ${config}, signal: AbortSignal): Promise<number> {
  const auth = config.username === undefined ? undefined : { username: config.username, password: config.password ?? '' };
  const url = \`\${config.url.replace(/\\/+$/, '')}/queues/\${encodeURIComponent(config.queueName)}\`;
  const { status, body } = await getJson(url, { timeoutMs: 60_000, signal, auth, scalerType: type });
  if (status === 404) throw new ScalerError(\`\${type}: queue "\${config.queueName}" does not exist\`, { code: 'NOT_FOUND' });
  if (status === 401 || status === 403) {
    throw new ScalerError(\`\${type}: \${describeUrl(url)} refused the credentials (HTTP \${status})\`, { code: 'AUTHENTICATION_ERROR' });
  }
  const depth = (body as { depth?: unknown } | undefined)?.depth;
  if (status !== 200 || typeof depth !== 'number') {
    throw new ScalerError(\`\${type}: unexpected answer from \${describeUrl(url)} (HTTP \${status})\`, { code: 'METRIC_ERROR' });
  }
  return depth;
}

/**
 * The \`${type}\` trigger: scales on the depth of a queue.
 *
 * @example
 * import { registry } from '@scalerkit/core';
 * registry.register(${scaler});
 */
export const ${scaler} = defineScaler<${config}>({
  type,
  packageName: '${packageName}',
  parse: (input, context) =>
    parseTrigger(
      ${declared},
      input,
      {
        scalerType: type,
        validate: (c) => [
          ...(c.queueLength > 0 ? [] : [{ parameter: 'queueLength', message: 'queueLength must be > 0' }]),
          ...(c.activationQueueLength >= 0
            ? []
            : [{ parameter: 'activationQueueLength', message: 'activationQueueLength must be >= 0' }]),
        ],
      },
      context,
    ),
  create: (config, context) =>
    createPolledScaler(
      {
        type,
        describe: \`reading queue "\${config.queueName}" at \${describeUrl(config.url)}\`,
        metricSpecs: [metricSpec(config, \`\${type}-\${config.queueName}\`, config.queueLength)],
        secrets: [config.password],
        // Every HTTP request opens its own connection: the "client" is the config itself.
        connection: { key: connectionKey(type, config.url, { username: config.username, password: config.password }), open: () => config, close: () => {} },
        measure: async (client, { signal }) => {
          const depth = await readDepth(client, signal);
          return { value: depth, isActive: depth > client.activationQueueLength };
        },
      },
      context,
    ),
});
`,
    'src/index.ts': `export type { ${config} } from './${type}-parameters.js';
export { ${declared} } from './${type}-parameters.js';
export { ${scaler} } from './${type}-scaler.js';
`,
    'src/register.ts': `// The package's one side effect: \`import '${packageName}/register'\` registers the scaler with the
// default registry of @scalerkit/core.
import { registry } from '@scalerkit/core';
import { ${scaler} } from './${type}-scaler.js';

registry.register(${scaler});
`,
    'test/local-queue-service.ts': `// A small local queue service to test against: \`GET /queues/{name}\` answers \`{ "depth": n }\` behind Basic
// auth. Replace it with your real service (started by a script, on loopback) when you have one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalQueueService {
  url: string;
  depths: Map<string, number>;
  close(): Promise<void>;
}

export async function startLocalQueueService(credentials: { username: string; password: string }): Promise<LocalQueueService> {
  const depths = new Map<string, number>();
  const expected = \`Basic \${Buffer.from(\`\${credentials.username}:\${credentials.password}\`).toString('base64')}\`;
  const server: Server = createServer((request, response) => {
    if (request.headers.authorization !== expected) {
      response.writeHead(401).end();
      return;
    }
    const name = decodeURIComponent(/^\\/queues\\/([^/?]+)/.exec(request.url ?? '')?.[1] ?? '');
    const depth = depths.get(name);
    if (depth === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ depth }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: \`http://127.0.0.1:\${port}\`,
    depths,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
`,
    'test/conformance.test.ts': `import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describeScalerConformance } from '@scalerkit/testing';
import * as vitest from 'vitest';
import { ${scaler} } from '../src/index.js';
import { type LocalQueueService, startLocalQueueService } from './local-queue-service.js';

const credentials = { username: 'worker', password: 'local-test-password' };
let service: LocalQueueService | undefined;
let closedPort = 0;

describeScalerConformance(
  ${scaler},
  {
    setup: async () => {
      service = await startLocalQueueService(credentials);
      service.depths.set('orders', 0);
      // A port where nothing listens: bound once, then released.
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      closedPort = (probe.address() as AddressInfo).port;
      await new Promise((resolve) => probe.close(resolve));
    },
    teardown: () => service?.close(),
    metadata: ({ target, activation }) => ({
      url: service!.url,
      queueName: 'orders',
      queueLength: String(target),
      activationQueueLength: String(activation),
    }),
    authParams: credentials,
    secrets: [credentials.password],
    requiredParameters: ['url', 'queueName'],
    invalidMetadata: { queueLength: '0' },
    reset: () => {
      service!.depths.set('orders', 0);
    },
    produceBacklog: (count) => {
      service!.depths.set('orders', (service!.depths.get('orders') ?? 0) + count);
    },
    unreachableMetadata: ({ target }) => ({
      url: \`http://127.0.0.1:\${closedPort}\`,
      queueName: 'orders',
      queueLength: String(target),
    }),
    // A server the suite starts that accepts connections and never answers: the poll must time out.
    silentMetadata: ({ target, address }) => ({
      url: \`http://\${address.host}:\${address.port}\`,
      queueName: 'orders',
      queueLength: String(target),
    }),
  },
  { vitest },
);
`,
    'test/parameters.test.ts': `import { ScalerConfigError } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { ${scaler} } from '../src/index.js';

const base = { url: 'http://127.0.0.1:8080', queueName: 'orders' };

describe('${type} parameters', () => {
  it('applies the defaults and the trigger identity', () => {
    expect(${scaler}.parse({ metadata: base, triggerIndex: 2, metricType: 'Value' })).toStrictEqual({
      ...base,
      queueLength: 5,
      activationQueueLength: 0,
      username: undefined,
      password: undefined,
      triggerIndex: 2,
      metricType: 'Value',
    });
  });

  const rejected: [string, Record<string, string>, string][] = [
    ['a missing url', { queueName: 'orders' }, 'url'],
    ['a queueLength that is not an integer', { ...base, queueLength: '1.5' }, 'queueLength'],
    ['a queueLength of 0', { ...base, queueLength: '0' }, 'queueLength'],
    ['a negative activationQueueLength', { ...base, activationQueueLength: '-1' }, 'activationQueueLength'],
  ];
  for (const [name, metadata, parameter] of rejected) {
    it(\`rejects \${name}, naming \${parameter}\`, () => {
      let error: unknown;
      try {
        ${scaler}.parse({ metadata });
      } catch (caught) {
        error = caught;
      }
      expect(ScalerConfigError.isInstance(error)).toBe(true);
      expect((error as ScalerConfigError).parameter).toBe(parameter);
    });
  }
});
`,
    'test/readme.test.ts': `import { readFileSync } from 'node:fs';
import { formatParameterTable } from '@scalerkit/core/parameters';
import { expect, it } from 'vitest';
import { ${declared} } from '../src/index.js';

it('the README parameters table is the one the declarations make', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(formatParameterTable(${declared}));
});
`,
    'README.md': `# ${packageName}

A [scalerkit](https://github.com/scalerkit/scalerkit) scaler for the \`${type}\` trigger type: scales on the depth
of a queue that an HTTP service reports (\`GET {url}/queues/{queueName}\` → \`{ "depth": n }\`).

## Install

\`\`\`sh
npm install ${packageName} @scalerkit/core
\`\`\`

## Example

\`\`\`ts
import '${packageName}/register';
\`\`\`

\`\`\`yaml
triggers:
  - type: ${type}
    metadata:
      url: http://queue-service:8080
      queueName: orders
      queueLength: "10"
    authenticationRef:
      name: queue-service-credentials
\`\`\`

## Parameters

${table}

Sources: TM trigger metadata, AUTH TriggerAuthentication, ENV the scale target's environment through
\`<name>FromEnv\`. This table is checked against the declarations by \`test/readme.test.ts\`.

## How the metric is computed

The queue's depth, as the service reports it; active when the depth is above \`activationQueueLength\`.

## Development

\`npm test\` runs the conformance suite of \`@scalerkit/testing\` against a local queue service
(\`test/local-queue-service.ts\`), the parameter table, and this README's table.
`,
  };
}
