import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { emulatorEnvironment, formatExportLines } from './environment.js'
import { DEFAULT_EMULATOR_CREDENTIALS } from './start-emulator.js'

describe('emulatorEnvironment', () => {
  const env = emulatorEnvironment({
    endpoints: {
      mwaaServerless: 'http://h:1',
      bedrockFlows: 'http://h:2',
      alibabaCloudFlow: 'http://h:3',
      stepFunctions: 'http://h:4',
    },
    credentials: DEFAULT_EMULATOR_CREDENTIALS,
  })

  it('names the variables the CLI and the credential chains read', () => {
    expect(env).toMatchObject({
      RUNSTOP_MWAA_SERVERLESS_ENDPOINT: 'http://h:1',
      RUNSTOP_BEDROCK_FLOWS_ENDPOINT: 'http://h:2',
      RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT: 'http://h:3',
      RUNSTOP_STEP_FUNCTIONS_ENDPOINT: 'http://h:4',
      AWS_ACCESS_KEY_ID: DEFAULT_EMULATOR_CREDENTIALS.aws.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_EMULATOR_CREDENTIALS.alibaba.accessKeySecret,
    })
  })

  it('writes export lines a shell reads back unchanged, quotes included', () => {
    const lines = formatExportLines({ A: "it's $HOME `x`", B: 'plain' })
    const out = execFileSync('sh', ['-c', `${lines}\nprintf '%s|%s' "$A" "$B"`]).toString()
    expect(out).toBe("it's $HOME `x`|plain")
  })
})
