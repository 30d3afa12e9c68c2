import type { Emulator } from './start-emulator.js'

/**
 * The environment variables that point runstop's CLI (and the providers' credential chains) at an
 * emulator: endpoints plus the emulator's test credentials. These credentials are fake by design.
 */
export function emulatorEnvironment(
  emulator: Pick<Emulator, 'endpoints' | 'credentials'>,
): Record<string, string> {
  return {
    RUNSTOP_MWAA_SERVERLESS_ENDPOINT: emulator.endpoints.mwaaServerless,
    RUNSTOP_BEDROCK_FLOWS_ENDPOINT: emulator.endpoints.bedrockFlows,
    RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT: emulator.endpoints.alibabaCloudFlow,
    RUNSTOP_STEP_FUNCTIONS_ENDPOINT: emulator.endpoints.stepFunctions,
    AWS_ACCESS_KEY_ID: emulator.credentials.aws.accessKeyId,
    AWS_SECRET_ACCESS_KEY: emulator.credentials.aws.secretAccessKey,
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.credentials.alibaba.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.credentials.alibaba.accessKeySecret,
  }
}

/** `export NAME='value'` lines for a POSIX shell, values single-quoted. */
export function formatExportLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`)
    .join('\n')
}
