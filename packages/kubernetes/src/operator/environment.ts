import type { SecretProvider } from '@scalerkit/core';

/** Reads whole Secrets (values decoded) and ConfigMaps; `undefined` when the object does not exist. */
export interface ObjectDataReader {
  getSecret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  getConfigMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

/** A `SecretProvider` (core's port for `secretTargetRef` / `configMapTargetRef`) over a reader. */
export function secretProviderOf(reader: ObjectDataReader, fallbackNamespace: string): SecretProvider {
  return {
    getSecret: async (namespace, name, key) => (await reader.getSecret(namespace ?? fallbackNamespace, name))?.[key],
    getConfigMap: async (namespace, name, key) =>
      (await reader.getConfigMap(namespace ?? fallbackNamespace, name))?.[key],
  };
}

interface KeySelector {
  name?: string;
  key?: string;
  optional?: boolean;
}

/** The fields of a `core/v1` Container that environment resolution reads. */
export interface ContainerLike {
  name?: string;
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: KeySelector; configMapKeyRef?: KeySelector; [other: string]: unknown };
  }[];
  envFrom?: {
    prefix?: string;
    configMapRef?: { name?: string; optional?: boolean };
    secretRef?: { name?: string; optional?: boolean };
  }[];
}

/** What a ScaledObject's triggers see of their target's environment. */
export interface WorkloadEnvironment {
  /** The `envSourceContainerName` container's (else the first one's): for `<name>FromEnv` parameters. */
  resolvedEnv: Record<string, string>;
  /** The first container's: TriggerAuthentication `env[]` entries without `containerName`. */
  env: Record<string, string>;
  /** Every container's, by name: `env[]` entries with `containerName`. */
  containerEnv: Record<string, Record<string, string>>;
}

/**
 * Expands `$(VAR)` references to variables defined earlier and `$$` to `$`, leaving unknown references as they
 * are (KEDA v2.21.0 pkg/scaling/resolver/scale_resolvers.go `resolveEnvValue`, which follows Kubernetes').
 */
export function expandEnvValue(value: string, env: Record<string, string>): string {
  let result = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < value.length; cursor++) {
    if (value[cursor] !== '$' || cursor + 3 >= value.length) continue;
    result += value.slice(checkpoint, cursor);
    let content: string;
    let length = 1;
    const next = value[cursor + 1];
    if (next === '$') content = '$';
    else if (next === '(') {
      content = '$(';
      for (let i = 2; i < value.length - cursor; i++) {
        if (value[cursor + i] === ')') {
          const key = value.slice(cursor + 2, cursor + i);
          content = Object.hasOwn(env, key) ? (env[key] as string) : `$(${key})`;
          length = i;
          break;
        }
      }
    } else content = `$${next}`;
    result += content;
    cursor += length;
    checkpoint = cursor + 1;
  }
  return result + value.slice(checkpoint);
}

/**
 * A container's environment as KEDA resolves it (KEDA v2.21.0 pkg/scaling/resolver/scale_resolvers.go
 * `resolveEnv`): `envFrom` ConfigMaps and Secrets first (with `prefix`; a missing optional one is skipped),
 * then `env` (values with `$(VAR)` expanded, `secretKeyRef`, `configMapKeyRef`; `fieldRef` and
 * `resourceFieldRef` skipped). A missing non-optional source throws, naming it (never a value).
 */
export async function resolveContainerEnv(
  container: ContainerLike,
  namespace: string,
  reader: ObjectDataReader,
): Promise<Record<string, string>> {
  const resolved: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref) continue;
    const what = source.configMapRef ? 'ConfigMap' : 'Secret';
    const data = source.configMapRef
      ? await reader.getConfigMap(namespace, ref.name ?? '')
      : await reader.getSecret(namespace, ref.name ?? '');
    if (data === undefined) {
      if (ref.optional === true) continue;
      throw new Error(
        `envFrom ${what} "${ref.name}" of container "${container.name}" not found in namespace ${namespace}`,
      );
    }
    for (const [key, value] of Object.entries(data)) resolved[prefix + key] = value;
  }
  for (const variable of container.env ?? []) {
    let value: string | undefined;
    if (variable.value !== undefined && variable.value !== '') {
      value = expandEnvValue(variable.value, resolved);
    } else if (variable.valueFrom?.secretKeyRef) {
      const ref = variable.valueFrom.secretKeyRef;
      value = (await reader.getSecret(namespace, ref.name ?? ''))?.[ref.key ?? ''];
      if (value === undefined) {
        if (ref.optional === true) continue;
        throw new Error(
          `env "${variable.name}" of container "${container.name}": Secret "${ref.name}" key "${ref.key}" not found in namespace ${namespace}`,
        );
      }
    } else if (variable.valueFrom?.configMapKeyRef) {
      const ref = variable.valueFrom.configMapKeyRef;
      value = (await reader.getConfigMap(namespace, ref.name ?? ''))?.[ref.key ?? ''];
      if (value === undefined) {
        if (ref.optional === true) continue;
        throw new Error(
          `env "${variable.name}" of container "${container.name}": ConfigMap "${ref.name}" key "${ref.key}" not found in namespace ${namespace}`,
        );
      }
    } else if (variable.valueFrom) {
      continue; // fieldRef / resourceFieldRef: KEDA skips them
    } else {
      value = '';
    }
    resolved[variable.name] = value;
  }
  return resolved;
}

/** The containers of a workload's pod template (`spec.template.spec.containers`, KEDA's PodSpecable duck type). */
export function templateContainers(workload: unknown): ContainerLike[] {
  const spec = (workload as { spec?: { template?: { spec?: { containers?: unknown } } } } | undefined)?.spec;
  const containers = spec?.template?.spec?.containers;
  return Array.isArray(containers) ? (containers as ContainerLike[]) : [];
}

/**
 * The environments a ScaledObject's triggers use, from its target's containers (KEDA v2.21.0
 * pkg/scaling/resolver/scale_resolvers.go `ResolveScaleTargetPodSpec`, `ResolveContainerEnv`). No containers:
 * empty environments, as KEDA. An `envSourceContainerName` that names no container throws.
 */
export async function resolveWorkloadEnvironment(
  containers: readonly ContainerLike[],
  envSourceContainerName: string | undefined,
  namespace: string,
  reader: ObjectDataReader,
): Promise<WorkloadEnvironment> {
  const empty: WorkloadEnvironment = { resolvedEnv: {}, env: {}, containerEnv: {} };
  if (containers.length === 0) return empty;
  const byName: Record<string, Record<string, string>> = {};
  let first: Record<string, string> = {};
  for (const [index, container] of containers.entries()) {
    const env = await resolveContainerEnv(container, namespace, reader);
    if (index === 0) first = env;
    if (container.name) byName[container.name] = env;
  }
  let resolvedEnv = first;
  if (envSourceContainerName) {
    const named = byName[envSourceContainerName];
    if (!named) {
      throw new Error(
        `scaleTargetRef.envSourceContainerName: couldn't find container with name ${envSourceContainerName} on the target (containers: ${containers.map((c) => c.name).join(', ')})`,
      );
    }
    resolvedEnv = named;
  }
  return { resolvedEnv, env: first, containerEnv: byName };
}
