// Public API of this area; re-exported by ../index.ts.
export { kedaAnnotations, parseGoBool, parseGoInt32, parsePauseAnnotations } from './annotations.js';
export type { TriggerAuthenticationSources } from './authentication-resolver.js';
export { resolveTriggerAuthentication } from './authentication-resolver.js';
export { parseQuantity } from './behavior.js';
export { formatSyntaxError, KEDA_API_VERSION } from './input.js';
export { DEFAULT_MANIFEST_NAME } from './metadata.js';
export { parseScaledJob, scaledJobDefaults } from './scaled-job.js';
export { parseScaledObject, scaledObjectDefaults } from './scaled-object.js';
export type { SecretProvider } from './secret-providers.js';
export { createEnvSecretProvider, createStaticSecretProvider, secretEnvName } from './secret-providers.js';
export { parseTriggerAuthentication } from './trigger-authentication.js';
export { isResourceTrigger } from './triggers.js';
