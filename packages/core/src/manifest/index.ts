// Public API of this area; re-exported by ../index.ts.
export { kedaAnnotations, parseGoBool, parseGoInt32, parsePauseAnnotations } from './annotations.js';
export type { TriggerAuthenticationSources } from './authentication-resolver.js';
export { resolveTriggerAuthentication, resolveTriggerPodIdentity } from './authentication-resolver.js';
export { parseQuantity } from './behavior.js';
export { KEDA_API_VERSION } from './input.js';
export {
  findKedaV1Constructs,
  KEDA_V1_API_VERSION,
  type KedaV1Change,
  type KedaV1Finding,
  type KedaV1Migration,
  migrateKedaV1,
} from './keda-v1.js';
export { type ManifestLimit, MANIFEST_LIMITS } from './limits.js';
export { DEFAULT_MANIFEST_NAME } from './metadata.js';
export { parseScaledJob, scaledJobDefaults } from './scaled-job.js';
export { parseScaledObject, scaledObjectDefaults } from './scaled-object.js';
export type { SecretProvider } from './secret-providers.js';
export { createEnvSecretProvider, createStaticSecretProvider, secretEnvName } from './secret-providers.js';
export { parseTriggerAuthentication } from './trigger-authentication.js';
export { formatSyntaxError } from './syntax-errors.js';
export { isResourceTrigger } from './triggers.js';
export { readYamlDocuments, type YamlDocument } from './yaml-reader.js';
export { SCALERKIT_ANNOTATION_PREFIX, scalerkitAnnotations } from './scalerkit-annotations.js';
