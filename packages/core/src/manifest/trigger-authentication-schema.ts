import { z } from 'zod';
import { describeType, optional } from './issues.js';

/**
 * The TriggerAuthentication spec as KEDA's CRD describes it. Required fields and enums are checked as the API
 * server checks them; strings may be empty (the CRD sets no minimum length). Objects keep fields this schema does
 * not name, because newer KEDA versions add some (e.g. Vault's `credential.tokenFrom`).
 */

/** `podIdentity.provider` values of KEDA's CRD (the `azure` and `aws-kiam` providers were removed in KEDA 2.15). */
export const POD_IDENTITY_PROVIDERS = ['azure-workload', 'gcp', 'aws', 'aws-eks', 'none'] as const;

const providerMessage =
  `must be one of: ${POD_IDENTITY_PROVIDERS.join(', ')} ` +
  '(KEDA removed "azure" and "aws-kiam" in 2.15: use azure-workload or aws)';

export const podIdentitySchema = z.looseObject({
  provider: z.enum(POD_IDENTITY_PROVIDERS, {
    error: (issue) => (issue.input === undefined ? 'is required; expected a string' : providerMessage),
  }),
  identityId: optional(z.string()),
  identityTenantId: optional(z.string()),
  identityAuthorityHost: optional(z.string()),
  roleArn: optional(z.string()),
  externalID: optional(z.string()),
  identityOwner: optional(z.enum(['keda', 'workload'])),
});

const targetRefSchema = z.object({ parameter: z.string(), name: z.string(), key: z.string() });

/** `valueFrom.secretKeyRef` of the secret-manager credentials. */
const valueFromSecret = z.looseObject({
  valueFrom: z.looseObject({ secretKeyRef: z.looseObject({ name: z.string(), key: z.string() }) }),
});

// A string in KEDA v2.21's CRD (`TriggerAuthenticationSpec.FilePath`): one JSON file of parameters. The list of
// {parameter, path} that some KEDA docs show is refused by the API server.
const filePathSchema = z
  .string({
    error: (issue) =>
      `must be a string: the path of a JSON file of parameters, relative to the KEDA operator's ` +
      `--filepath-auth-root-path; got ${describeType(issue.input)}`,
  })
  // KEDA's resolver (`readAuthParamsFromFile`) refuses these paths whenever it resolves them.
  .refine((path) => !path.startsWith('/') && !path.includes('..'), {
    error: "must be a relative path without '..' (KEDA's resolver refuses absolute paths and '..')",
  });

const hashiCorpVaultSchema = z.looseObject({
  address: z.string(),
  authentication: z.string(),
  secrets: z.array(
    z.looseObject({
      parameter: z.string(),
      key: z.string(),
      path: z.string(),
      type: optional(z.string()),
      pkiData: optional(z.record(z.string(), z.string())),
    }),
  ),
  namespace: optional(z.string()),
  role: optional(z.string()),
  mount: optional(z.string()),
  credential: optional(
    z.looseObject({
      token: optional(z.string()),
      serviceAccount: optional(z.string()),
      serviceAccountName: optional(z.string()),
    }),
  ),
});

const azureKeyVaultSchema = z.looseObject({
  vaultUri: z.string(),
  secrets: z.array(z.looseObject({ parameter: z.string(), name: z.string(), version: optional(z.string()) })),
  credentials: optional(z.looseObject({ clientId: z.string(), tenantId: z.string(), clientSecret: valueFromSecret })),
  podIdentity: optional(podIdentitySchema),
  cloud: optional(
    z.looseObject({
      type: z.string(),
      keyVaultResourceURL: optional(z.string()),
      activeDirectoryEndpoint: optional(z.string()),
    }),
  ),
});

const gcpSecretManagerSchema = z.looseObject({
  secrets: z.array(z.looseObject({ parameter: z.string(), id: z.string(), version: optional(z.string()) })),
  credentials: optional(z.looseObject({ clientSecret: valueFromSecret })),
  podIdentity: optional(podIdentitySchema),
});

const awsSecretManagerSchema = z.looseObject({
  secrets: z.array(
    z.looseObject({
      parameter: z.string(),
      name: z.string(),
      secretKey: optional(z.string()),
      versionId: optional(z.string()),
      versionStage: optional(z.string()),
    }),
  ),
  credentials: optional(
    z.looseObject({
      accessKey: valueFromSecret,
      accessSecretKey: valueFromSecret,
      accessToken: optional(valueFromSecret),
    }),
  ),
  podIdentity: optional(podIdentitySchema),
  region: optional(z.string()),
});

const record = z.record(z.string(), z.unknown());

export const triggerAuthenticationSpecSchema = z.object({
  podIdentity: optional(podIdentitySchema),
  secretTargetRef: optional(z.array(targetRefSchema)),
  configMapTargetRef: optional(z.array(targetRefSchema)),
  env: optional(z.array(z.object({ parameter: z.string(), name: z.string(), containerName: optional(z.string()) }))),
  filePath: optional(filePathSchema),
  hashiCorpVault: optional(hashiCorpVaultSchema),
  azureKeyVault: optional(azureKeyVaultSchema),
  gcpSecretManager: optional(gcpSecretManagerSchema),
  awsSecretManager: optional(awsSecretManagerSchema),
  boundServiceAccountToken: optional(z.array(z.object({ parameter: z.string(), serviceAccountName: z.string() }))),
  // Sources of newer KEDA versions whose schema scalerkit does not check in detail (resolution refuses them).
  oauth2: optional(record),
  awsParameterStore: optional(record),
  akeyless: optional(record),
});
