import { createEnvSecretProvider, type TriggerAuthenticationSources } from '@scalerkit/core';
import { splitDocuments } from './documents.js';
import type { Io } from './io.js';

/** The environment as a plain string map. */
export function plainEnv(io: Io): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(io.env)) if (value !== undefined) env[key] = value;
  return env;
}

/**
 * Authentication for `explain` and `run` outside Kubernetes: the (Cluster)TriggerAuthentications of the same
 * file; `secretTargetRef` and `configMapTargetRef` values come from environment variables (`<NAME>_<KEY>`, see
 * `secretEnvName`), and
 * `env` entries from the environment.
 */
export function authenticationSources(text: string, io: Io): TriggerAuthenticationSources {
  const authentications = splitDocuments(text)
    .filter((entry) => entry.kind === 'TriggerAuthentication' || entry.kind === 'ClusterTriggerAuthentication')
    .map((entry) => entry.value);
  // configMapTargetRef values come from the environment too, named the same way.
  const fromEnv = createEnvSecretProvider(io.env);
  return { authentications, secrets: fromEnv, configMaps: fromEnv, env: plainEnv(io) };
}
