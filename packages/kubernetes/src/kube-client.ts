// The package's port to the API server: one bounded JSON request at a time, over the credentials of a
// kubeconfig (or the pod's service account). `@kubernetes/client-node` is used for what it does well (reading
// kubeconfigs, in-cluster configuration, exec and token-file credentials); the requests are plain HTTPS, so
// every call has a deadline and an abort signal, and errors name the verb and resource to grant.
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type Clock, ScalerError, type ScalerErrorCode, systemClock } from '@scalerkit/core';
import { combineSignals, withDeadline } from '@scalerkit/core/scaler-kit';

/** Default deadline of one API request (ms). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The calls this package makes on `@kubernetes/client-node`'s `KubeConfig` (pass a `KubeConfig` where this is
 * asked for). Structural, so the package's types do not depend on the library's.
 */
export interface KubeConfigLike {
  getCurrentContext(): string;
  getContextObject(name: string): { namespace?: string | undefined } | null;
  getCurrentCluster(): { server: string; proxyUrl?: string | undefined } | null;
  /** Adds the CA, client certificate, token (refreshed for exec and token-file users) to request options. */
  applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
}

/** Where the configuration comes from; the first one given wins. */
export interface KubernetesConnectionOptions {
  /** A configured client (wins over everything else; the rest of these options are then ignored). */
  client?: KubernetesClient;
  /** A loaded `KubeConfig` of `@kubernetes/client-node`. */
  kubeConfig?: KubeConfigLike;
  /** Path of a kubeconfig file. */
  kubeconfig?: string;
  /** Context to use instead of the kubeconfig's `current-context`. */
  context?: string;
  /** `true`: the pod's service account only (fails outside a pod); `false`: never the service account. */
  inCluster?: boolean;
  /** Deadline of each API request (ms). Default 10 000. */
  requestTimeoutMs?: number;
  /** Clock of the deadlines and retry waits. Default the system clock. */
  clock?: Clock;
}

/** One API request. `resource` builds the path and names what was asked in errors; `path` is for the rest. */
export interface KubernetesRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  resource?: ResourceLocation;
  /** A path without `resource` (discovery: `/apis/apps/v1`). */
  path?: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Default `application/json`; PATCH: `application/merge-patch+json` unless given. */
  contentType?: string;
  /** Aborts the request (with the deadline, whichever comes first). */
  signal?: AbortSignal | undefined;
  /** Deadline of this request (ms). Default the client's. */
  timeoutMs?: number;
}

/** A resource, or one object of it, or one object's subresource. */
export interface ResourceLocation {
  /** API group: `''` for the core group, `apps`, `coordination.k8s.io`. */
  group: string;
  version: string;
  /** Plural resource name: `deployments`. */
  resource: string;
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

/** The port: bounded JSON requests to one API server. Implemented by `createKubernetesClient`. */
export interface KubernetesClient {
  /** The API server's URL. */
  readonly server: string;
  /** The configuration's namespace (the context's, or the service account's in a pod), else `default`. */
  readonly namespace: string;
  /** The parsed JSON answer; throws `KubernetesApiError` for a refusal, a `ScalerError` otherwise. */
  request<T = unknown>(request: KubernetesRequest): Promise<T>;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads a `KubeConfig` as controller-runtime's `config.GetConfig` does (what KEDA's operator uses,
 * sigs.k8s.io/controller-runtime pkg/client/config/config.go `loadConfig`): an explicit file, else the
 * `KUBECONFIG` variable, else the pod's service account, else `~/.kube/config`.
 *
 * @example
 * const kubeConfig = await loadKubeConfig({ kubeconfig: '/etc/scalerkit/kubeconfig' });
 */
export async function loadKubeConfig(options: KubernetesConnectionOptions = {}): Promise<KubeConfigLike> {
  if (options.kubeConfig) return selectContext(options.kubeConfig, options.context);
  // ESM-only library: a dynamic import keeps this package's CommonJS build working (tsup leaves import() as is).
  const { KubeConfig } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  const inPod = Boolean(process.env.KUBERNETES_SERVICE_HOST && process.env.KUBERNETES_SERVICE_PORT);
  const home = join(homedir(), '.kube', 'config');
  if (options.kubeconfig !== undefined) {
    if (!existsSync(options.kubeconfig)) {
      throw configError(`the kubeconfig file "${options.kubeconfig}" does not exist`);
    }
    config.loadFromFile(options.kubeconfig);
  } else if (options.inCluster === true || (options.inCluster === undefined && !process.env.KUBECONFIG && inPod)) {
    if (!inPod || !existsSync(`${SERVICE_ACCOUNT_DIR}/token`)) {
      throw configError(
        `in-cluster configuration needs KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT and ${SERVICE_ACCOUNT_DIR}/token (run in a pod, or pass kubeconfig)`,
      );
    }
    config.loadFromCluster();
  } else if (process.env.KUBECONFIG) {
    // client-node merges the colon-separated list as kubectl does.
    config.loadFromDefault();
  } else if (existsSync(home)) {
    config.loadFromFile(home);
  } else {
    throw configError(
      'no configuration found: pass kubeConfig or kubeconfig, set KUBECONFIG, run in a pod, or create ~/.kube/config',
    );
  }
  return selectContext(
    config as unknown as KubeConfigLike & { setCurrentContext(name: string): void },
    options.context,
  );
}

function selectContext<T extends KubeConfigLike>(config: T, context: string | undefined): T {
  if (context === undefined) return config;
  if (!config.getContextObject(context)) throw configError(`the kubeconfig has no context "${context}"`);
  const settable = config as T & { setCurrentContext?(name: string): void };
  if (typeof settable.setCurrentContext !== 'function') {
    throw configError('context was given with a kubeConfig that cannot switch contexts; select it on the KubeConfig');
  }
  settable.setCurrentContext(context);
  return config;
}

function configError(message: string): ScalerError {
  return new ScalerError(`kubernetes: ${message}`, { code: 'CONFIG_ERROR' });
}

/**
 * A client over a kubeconfig (`loadKubeConfig`'s order) or the given `client`.
 *
 * @example
 * const client = await createKubernetesClient({ kubeconfig: process.env.HOME + '/.kube/config' });
 * const scale = await client.request({ method: 'GET', resource: { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default', name: 'web', subresource: 'scale' } });
 */
export async function createKubernetesClient(options: KubernetesConnectionOptions = {}): Promise<KubernetesClient> {
  if (options.client) return options.client;
  const config = await loadKubeConfig(options);
  const cluster = config.getCurrentCluster();
  if (!cluster?.server) {
    throw configError(`the kubeconfig's context "${config.getCurrentContext()}" names no cluster with a server`);
  }
  const namespace = config.getContextObject(config.getCurrentContext())?.namespace?.trim() || 'default';
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw configError(`requestTimeoutMs must be a number > 0, got ${String(options.requestTimeoutMs)}`);
  }
  return new HttpsKubernetesClient(config, cluster.server, namespace, timeoutMs, options.clock ?? systemClock);
}

/** `/apis/apps/v1/namespaces/default/deployments/web/scale` for a location. */
export function resourcePath(location: ResourceLocation): string {
  const { group, version, resource, namespace, name, subresource } = location;
  let path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  if (namespace !== undefined) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${resource}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource !== undefined) path += `/${subresource}`;
  return path;
}

/** The RBAC verb of a request (the API server's request-info rules). */
export function verbOf(request: Pick<KubernetesRequest, 'method' | 'resource' | 'query'>): string {
  const named = request.resource?.name !== undefined;
  switch (request.method) {
    case 'GET':
      if (request.query?.watch === '1' || request.query?.watch === 'true') return 'watch';
      return named || !request.resource ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
  }
}

/** `deployments/scale` (with the subresource). */
function resourceName(location: ResourceLocation): string {
  return location.subresource ? `${location.resource}/${location.subresource}` : location.resource;
}

/** `deployments/scale "web" in API group "apps" in namespace "default"`. */
export function describeResource(location: ResourceLocation): string {
  const group = location.group === '' ? 'the core API group' : `API group "${location.group}"`;
  const name = location.name === undefined ? '' : ` "${location.name}"`;
  const where = location.namespace === undefined ? '' : ` in namespace "${location.namespace}"`;
  return `${resourceName(location)}${name} in ${group}${where}`;
}

/** Options of `KubernetesApiError`. */
export interface KubernetesApiErrorDetails {
  status: number;
  /** Kubernetes' Status reason: `NotFound`, `Forbidden`, `Conflict`, `TooManyRequests`... */
  reason: string | undefined;
  verb: string;
  resource: ResourceLocation | undefined;
  path: string;
  /** The API server's own message. */
  serverMessage: string;
}

const codeByStatus: Record<number, ScalerErrorCode> = {
  401: 'AUTHENTICATION_ERROR',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
};

/**
 * The API server refused a request. `code` is `NOT_FOUND`, `FORBIDDEN`, `CONFLICT`, `AUTHENTICATION_ERROR` or
 * `KUBERNETES_API_ERROR`; a `FORBIDDEN` message names the verb, resource and API group to grant.
 */
export class KubernetesApiError extends ScalerError {
  static override readonly kind: string = 'KubernetesApiError';
  readonly status: number;
  readonly reason: string | undefined;
  readonly verb: string;
  readonly resource: ResourceLocation | undefined;
  readonly path: string;
  readonly serverMessage: string;

  constructor(message: string, details: KubernetesApiErrorDetails, options: { cause?: unknown } = {}) {
    super(message, { code: codeByStatus[details.status] ?? 'KUBERNETES_API_ERROR', cause: options.cause });
    this.status = details.status;
    this.reason = details.reason;
    this.verb = details.verb;
    this.resource = details.resource;
    this.path = details.path;
    this.serverMessage = details.serverMessage;
  }
}

/** True for a `KubernetesApiError` with this HTTP status (from any copy of the package). */
export function isApiStatus(error: unknown, status: number): error is KubernetesApiError {
  return KubernetesApiError.isInstance(error) && (error as KubernetesApiError).status === status;
}

/** The message of a refusal: what was asked, the server's words, and for 403 what to grant. */
export function refusalMessage(details: Omit<KubernetesApiErrorDetails, 'reason'>): string {
  const what = details.resource ? describeResource(details.resource) : details.path;
  const base = `kubernetes: ${details.verb} ${what} failed with HTTP ${details.status}: ${details.serverMessage}`;
  if (details.status === 403 && details.resource) {
    const { group, namespace } = details.resource;
    const scope =
      namespace === undefined
        ? 'with a ClusterRole and ClusterRoleBinding'
        : `in namespace "${namespace}" with a Role and RoleBinding (or a ClusterRole)`;
    return `${base}; grant verb "${details.verb}" on resource "${resourceName(details.resource)}" in apiGroups [${JSON.stringify(group)}] to this identity ${scope}`;
  }
  if (details.status === 401) {
    return `${base}; the credentials were not accepted (expired token or wrong cluster?)`;
  }
  return base;
}

/** Reads an API server answer's Status (`reason`, `message`) when it is one. */
function statusOf(text: string): { reason: string | undefined; message: string } {
  try {
    const parsed = JSON.parse(text) as { reason?: unknown; message?: unknown };
    return {
      reason: typeof parsed.reason === 'string' ? parsed.reason : undefined,
      message: typeof parsed.message === 'string' ? parsed.message : text.slice(0, 300),
    };
  } catch {
    return { reason: undefined, message: text.slice(0, 300) };
  }
}

/** Longest wait for a 429's Retry-After before trying again (within the request's deadline). */
const MAX_RETRY_AFTER_MS = 1000;

class HttpsKubernetesClient implements KubernetesClient {
  readonly #config: KubeConfigLike;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  /** Keep-alive agents by TLS material (client-node makes a new agent, so a new connection, per request). */
  readonly #agents = new Map<string, http.Agent>();
  readonly server: string;
  readonly namespace: string;

  constructor(config: KubeConfigLike, server: string, namespace: string, timeoutMs: number, clock: Clock) {
    this.#config = config;
    this.server = server;
    this.namespace = namespace;
    this.#timeoutMs = timeoutMs;
    this.#clock = clock;
  }

  async request<T>(request: KubernetesRequest): Promise<T> {
    const path = request.resource ? resourcePath(request.resource) : request.path;
    if (path === undefined) throw new TypeError('kubernetes: a request needs resource or path');
    const verb = verbOf(request);
    const timeoutMs = request.timeoutMs ?? this.#timeoutMs;
    const what = `kubernetes: ${verb} ${request.resource ? describeResource(request.resource) : path}`;
    const cancel = new AbortController();
    const signal = combineSignals(cancel.signal, request.signal) as AbortSignal;
    try {
      return await withDeadline(this.#send<T>(request, path, verb, signal), {
        timeoutMs,
        signal: request.signal,
        what,
        clock: this.#clock,
      });
    } finally {
      cancel.abort(); // ends a request the deadline gave up on
    }
  }

  /** One keep-alive agent per TLS material (a rotated client certificate gets a new one). */
  #agentFor(options: https.RequestOptions, protocol: string): http.Agent {
    const material = (value: unknown): unknown =>
      Buffer.isBuffer(value) ? value.toString('base64') : Array.isArray(value) ? value.map(material) : value;
    const key = JSON.stringify([
      protocol,
      material(options.ca),
      material(options.cert),
      material(options.key),
      material(options.pfx),
      options.rejectUnauthorized,
      options.servername,
    ]);
    let agent = this.#agents.get(key);
    if (!agent) {
      const agentOptions: https.AgentOptions = {
        keepAlive: true,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        pfx: options.pfx,
        passphrase: options.passphrase,
        servername: options.servername,
      };
      if (options.rejectUnauthorized !== undefined) agentOptions.rejectUnauthorized = options.rejectUnauthorized;
      agent = protocol === 'http:' ? new http.Agent({ keepAlive: true }) : new https.Agent(agentOptions);
      // Certificates rotate rarely; a few entries at most.
      if (this.#agents.size >= 8) {
        for (const old of this.#agents.values()) old.destroy();
        this.#agents.clear();
      }
      this.#agents.set(key, agent);
    }
    return agent;
  }

  async #send<T>(request: KubernetesRequest, path: string, verb: string, signal: AbortSignal): Promise<T> {
    for (;;) {
      const { status, text, retryAfterMs } = await this.#exchange(request, path, signal);
      if (status >= 200 && status < 300) return (text === '' ? {} : JSON.parse(text)) as T;
      // 429: priority and fairness, or a new CRD's storage still initializing; the deadline bounds the retries.
      if (status === 429 && !signal.aborted) {
        await wait(this.#clock, Math.min(retryAfterMs ?? MAX_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS), signal);
        continue;
      }
      const { reason, message } = statusOf(text);
      const details = { status, verb, resource: request.resource, path, serverMessage: message };
      throw new KubernetesApiError(refusalMessage(details), { ...details, reason });
    }
  }

  async #exchange(
    request: KubernetesRequest,
    path: string,
    signal: AbortSignal,
  ): Promise<{ status: number; text: string; retryAfterMs: number | undefined }> {
    const url = new URL(path, this.server);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const options: https.RequestOptions = { method: request.method, headers: { accept: 'application/json' } };
    await this.#config.applyToHTTPSOptions(options);
    if (!this.#config.getCurrentCluster()?.proxyUrl) options.agent = this.#agentFor(options, url.protocol);
    const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (body !== undefined) {
      headers['content-type'] =
        request.contentType ?? (request.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const outgoing = transport.request(url, { ...options, headers, signal }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const retryAfter = Number(response.headers['retry-after']);
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
          });
        });
      });
      outgoing.on('error', (error) => {
        reject(
          new ScalerError(`kubernetes: ${request.method} ${url.origin}${path} failed: ${error.message}`, {
            code: signal.aborted ? 'ABORTED' : 'CONNECTION_ERROR',
            cause: error,
          }),
        );
      });
      outgoing.end(body);
    });
  }
}

/** Resolves after `ms` on the clock, or at once when `signal` aborts. */
export function wait(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A resource type found through API discovery. */
export interface DiscoveredResource {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name: `deployments`. */
  resource: string;
  namespaced: boolean;
  /** The subresources served: `scale`, `status`... */
  subresources: string[];
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced?: boolean }[];
}

const discoveries = new WeakMap<KubernetesClient, Map<string, Promise<DiscoveredResource>>>();

/** `{ group, version }` of an `apiVersion` (`apps/v1`, `v1`), or a CONFIG_ERROR naming `parameter`. */
export function parseApiVersion(apiVersion: string, parameter = 'apiVersion'): { group: string; version: string } {
  const parts = apiVersion.split('/');
  const valid = parts.length <= 2 && parts.every((part) => /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(part));
  if (!valid) {
    throw configError(`${parameter} must be "<group>/<version>" or "<version>" (e.g. "apps/v1"), got "${apiVersion}"`);
  }
  return parts.length === 2 ? { group: parts[0]!, version: parts[1]! } : { group: '', version: parts[0]! };
}

/**
 * The resource serving `kind` in `apiVersion`, from the API server's discovery documents (what client-go's
 * discovery RESTMapper reads, k8s.io/client-go restmapper/discovery.go `NewDiscoveryRESTMapper`). Answers are
 * cached per client; a miss is not (a CRD installed later is found on the next call).
 *
 * @example
 * const { resource } = await discoverResource(client, 'argoproj.io/v1alpha1', 'Rollout'); // 'rollouts'
 */
export function discoverResource(
  client: KubernetesClient,
  apiVersion: string,
  kind: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<DiscoveredResource> {
  let cache = discoveries.get(client);
  if (!cache) {
    cache = new Map();
    discoveries.set(client, cache);
  }
  const key = `${apiVersion}|${kind}`;
  let found = cache.get(key);
  if (!found) {
    found = lookUp(client, apiVersion, kind, options.signal);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

async function lookUp(
  client: KubernetesClient,
  apiVersion: string,
  kind: string,
  signal: AbortSignal | undefined,
): Promise<DiscoveredResource> {
  const { group, version } = parseApiVersion(apiVersion);
  const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  let listing: ApiResourceList;
  try {
    listing = await client.request<ApiResourceList>({ method: 'GET', path, signal });
  } catch (error) {
    if (isApiStatus(error, 404)) {
      throw new ScalerError(
        `kubernetes: apiVersion "${apiVersion}" is not served by the API server (GET ${path}: 404); is the CRD that defines ${kind} installed?`,
        { code: 'NOT_FOUND', cause: error },
      );
    }
    throw error;
  }
  const resources = listing.resources ?? [];
  const match = resources.find((entry) => entry.kind === kind && !entry.name.includes('/'));
  if (!match) {
    const kinds = [...new Set(resources.filter((entry) => !entry.name.includes('/')).map((entry) => entry.kind))];
    throw new ScalerError(
      `kubernetes: no resource of kind "${kind}" is served in apiVersion "${apiVersion}" (kinds served: ${kinds.join(', ') || 'none'})`,
      { code: 'NOT_FOUND' },
    );
  }
  const subresources = resources
    .filter((entry) => entry.name.startsWith(`${match.name}/`))
    .map((entry) => entry.name.slice(match.name.length + 1));
  return { group, version, kind, resource: match.name, namespaced: match.namespaced ?? true, subresources };
}
