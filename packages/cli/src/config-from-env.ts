/** The environment as the CLI reads it (`process.env` or a test's object). */
export type Env = Readonly<Record<string, string | undefined>>

/** AWS credentials in the SDK's own shape. */
export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/** Alibaba Cloud credentials in the Alibaba SDK's own shape. */
export interface AlibabaCredentials {
  readonly accessKeyId: string
  readonly accessKeySecret: string
  readonly securityToken?: string
}

/** Settings for an AWS adapter (MWAA Serverless, Bedrock flows, Step Functions). Absent fields use the SDK defaults. */
export interface AwsAdapterConfig {
  readonly region?: string
  readonly endpoint?: string
  /** Left out when the AWS SDK's default credential chain should be used. */
  readonly credentials?: AwsCredentials
  /** A named profile of the shared AWS config and credentials files (`--profile`), used instead of the default chain. */
  readonly profile?: string
}

/** Command-line flags that override the environment. */
export interface ConfigFlags {
  /** `--region`: the default region of every provider (a handle's own region still wins). */
  readonly region?: string
  /** `--profile`: the AWS profile for the AWS providers. */
  readonly profile?: string
}

/** Settings for the Alibaba CloudFlow adapter. Absent fields use the SDK defaults. */
export interface AlibabaAdapterConfig {
  readonly region?: string
  readonly endpoint?: string
  /** Left out when the Alibaba default credential chain should be used. */
  readonly credentials?: AlibabaCredentials
}

/** Everything the CLI needs to build its controller, plus the values it must never print. */
export interface CliConfig {
  readonly mwaaServerless: AwsAdapterConfig
  readonly bedrockFlows: AwsAdapterConfig
  readonly alibabaCloudFlow: AlibabaAdapterConfig
  readonly stepFunctions: AwsAdapterConfig
  /** Secret values from the environment, scrubbed from every line the CLI prints. */
  readonly secrets: readonly string[]
}

/** The environment variables the CLI reads, for help texts and the README. */
export const ENV_VARS = {
  mwaaServerlessEndpoint: 'RUNSTOP_MWAA_SERVERLESS_ENDPOINT',
  bedrockFlowsEndpoint: 'RUNSTOP_BEDROCK_FLOWS_ENDPOINT',
  alibabaCloudFlowEndpoint: 'RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT',
  stepFunctionsEndpoint: 'RUNSTOP_STEP_FUNCTIONS_ENDPOINT',
  awsRegion: 'AWS_REGION',
  alibabaRegion: 'ALIBABA_CLOUD_REGION_ID',
  awsAccessKeyId: 'AWS_ACCESS_KEY_ID',
  awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  awsSessionToken: 'AWS_SESSION_TOKEN',
  alibabaAccessKeyId: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
  alibabaAccessKeySecret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  alibabaSecurityToken: 'ALIBABA_CLOUD_SECURITY_TOKEN',
} as const

/** Names of variables whose values are secrets: never printed, whatever the command. */
export const SECRET_ENV_VARS: readonly string[] = [
  ENV_VARS.awsSecretAccessKey,
  ENV_VARS.awsSessionToken,
  ENV_VARS.alibabaAccessKeySecret,
  ENV_VARS.alibabaSecurityToken,
]

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

/**
 * Turns an environment into adapter settings. Pure: it reads only `env`.
 *
 * - Endpoints: `RUNSTOP_MWAA_SERVERLESS_ENDPOINT`, `RUNSTOP_BEDROCK_FLOWS_ENDPOINT`,
 *   `RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT`, `RUNSTOP_STEP_FUNCTIONS_ENDPOINT` (absent: the provider's
 *   public endpoint).
 * - Regions: `AWS_REGION` for the AWS adapters (Step Functions takes a run's region from its ARN), `ALIBABA_CLOUD_REGION_ID` for Alibaba
 *   (a handle's own `region` still wins).
 * - Credentials: never passed for AWS (the SDK's default chain reads `AWS_ACCESS_KEY_ID`,
 *   `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, profiles, SSO and instance roles itself). For
 *   Alibaba, `ALIBABA_CLOUD_ACCESS_KEY_ID` + `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and
 *   `ALIBABA_CLOUD_SECURITY_TOKEN` when set) are passed explicitly when both are set; otherwise
 *   the adapter's default chain is used.
 * - `secrets`: the values of the secret variables that are set, so the CLI can scrub them.
 *
 * `flags` win over the environment: `--region` over `AWS_REGION` and `ALIBABA_CLOUD_REGION_ID`;
 * `--profile` selects a profile of the shared AWS files for both AWS adapters.
 */
export function configFromEnv(env: Env, flags: ConfigFlags = {}): CliConfig {
  const region = flags.region?.trim() || undefined
  const profile = flags.profile?.trim() || undefined
  const awsRegion = region ?? read(env, ENV_VARS.awsRegion)
  const alibabaRegion = region ?? read(env, ENV_VARS.alibabaRegion)
  const aws = (endpointVar: string): AwsAdapterConfig => {
    const endpoint = read(env, endpointVar)
    return {
      ...(awsRegion === undefined ? {} : { region: awsRegion }),
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(profile === undefined ? {} : { profile }),
    }
  }
  const alibabaEndpoint = read(env, ENV_VARS.alibabaCloudFlowEndpoint)
  const alibabaKeyId = read(env, ENV_VARS.alibabaAccessKeyId)
  const alibabaSecret = read(env, ENV_VARS.alibabaAccessKeySecret)
  const alibabaToken = read(env, ENV_VARS.alibabaSecurityToken)
  const alibabaCredentials: AlibabaCredentials | undefined =
    alibabaKeyId !== undefined && alibabaSecret !== undefined
      ? {
          accessKeyId: alibabaKeyId,
          accessKeySecret: alibabaSecret,
          ...(alibabaToken === undefined ? {} : { securityToken: alibabaToken }),
        }
      : undefined
  const secrets = SECRET_ENV_VARS.flatMap((name) => {
    const value = env[name]
    return value ? [value, value.trim()] : []
  }).filter((value) => value.length > 0)
  return {
    mwaaServerless: aws(ENV_VARS.mwaaServerlessEndpoint),
    bedrockFlows: aws(ENV_VARS.bedrockFlowsEndpoint),
    stepFunctions: aws(ENV_VARS.stepFunctionsEndpoint),
    alibabaCloudFlow: {
      ...(alibabaRegion === undefined ? {} : { region: alibabaRegion }),
      ...(alibabaEndpoint === undefined ? {} : { endpoint: alibabaEndpoint }),
      ...(alibabaCredentials === undefined ? {} : { credentials: alibabaCredentials }),
    },
    secrets: [...new Set(secrets)],
  }
}
