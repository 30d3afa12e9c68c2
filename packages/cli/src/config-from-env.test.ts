import { describe, expect, it } from 'vitest'
import { configFromEnv } from './config-from-env.js'

describe('configFromEnv', () => {
  it('gives empty settings for an empty environment (the SDK defaults apply)', () => {
    expect(configFromEnv({})).toEqual({
      mwaaServerless: {},
      bedrockFlows: {},
      alibabaCloudFlow: {},
      stepFunctions: {},
      secrets: [],
    })
  })

  it('reads endpoints and regions for each adapter', () => {
    const config = configFromEnv({
      RUNSTOP_MWAA_SERVERLESS_ENDPOINT: 'http://127.0.0.1:4510',
      RUNSTOP_BEDROCK_FLOWS_ENDPOINT: 'http://127.0.0.1:4511',
      RUNSTOP_ALIBABA_CLOUDFLOW_ENDPOINT: 'http://127.0.0.1:4512',
      RUNSTOP_STEP_FUNCTIONS_ENDPOINT: 'http://127.0.0.1:4513',
      AWS_REGION: 'eu-west-1',
      ALIBABA_CLOUD_REGION_ID: 'cn-shanghai',
    })
    expect(config.mwaaServerless).toEqual({ endpoint: 'http://127.0.0.1:4510', region: 'eu-west-1' })
    expect(config.bedrockFlows).toEqual({ endpoint: 'http://127.0.0.1:4511', region: 'eu-west-1' })
    expect(config.alibabaCloudFlow).toEqual({ endpoint: 'http://127.0.0.1:4512', region: 'cn-shanghai' })
    expect(config.stepFunctions).toEqual({ endpoint: 'http://127.0.0.1:4513', region: 'eu-west-1' })
  })

  it.each([
    ['flag only', {}, { region: 'eu-west-1' }, 'eu-west-1', 'eu-west-1'],
    [
      'flag wins over both variables',
      { AWS_REGION: 'us-east-1', ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' },
      { region: 'ap-southeast-1' },
      'ap-southeast-1',
      'ap-southeast-1',
    ],
    [
      'blank flag: the variables apply',
      { AWS_REGION: 'us-east-1', ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' },
      { region: '  ' },
      'us-east-1',
      'cn-hangzhou',
    ],
    [
      'no flag: the variables apply',
      { AWS_REGION: 'us-east-1', ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' },
      {},
      'us-east-1',
      'cn-hangzhou',
    ],
  ])('--region precedence: %s', (_name, env, flags, aws, alibaba) => {
    const config = configFromEnv(env, flags)
    expect(config.mwaaServerless.region).toBe(aws)
    expect(config.bedrockFlows.region).toBe(aws)
    expect(config.alibabaCloudFlow.region).toBe(alibaba)
  })

  it('--profile goes to both AWS adapters only', () => {
    const config = configFromEnv({}, { profile: ' ops ' })
    expect(config.mwaaServerless).toEqual({ profile: 'ops' })
    expect(config.bedrockFlows).toEqual({ profile: 'ops' })
    expect(config.alibabaCloudFlow).toEqual({})
  })

  it('never passes AWS credentials explicitly (the SDK chain reads AWS_* itself) but knows the secrets', () => {
    const config = configFromEnv({
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'aws-secret-value-123',
      AWS_SESSION_TOKEN: 'aws-session-token-456',
    })
    expect(config.mwaaServerless).not.toHaveProperty('credentials')
    expect(config.bedrockFlows).not.toHaveProperty('credentials')
    expect(config.secrets).toEqual(['aws-secret-value-123', 'aws-session-token-456'])
    expect(config.secrets).not.toContain('AKIDEXAMPLE')
  })

  it('passes Alibaba credentials when the key id and secret are both set, with the token when set', () => {
    expect(
      configFromEnv({
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIexample',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'alibaba-secret-789',
      }).alibabaCloudFlow.credentials,
    ).toEqual({ accessKeyId: 'LTAIexample', accessKeySecret: 'alibaba-secret-789' })
    const withToken = configFromEnv({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIexample',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'alibaba-secret-789',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'sts-token-000',
    })
    expect(withToken.alibabaCloudFlow.credentials).toEqual({
      accessKeyId: 'LTAIexample',
      accessKeySecret: 'alibaba-secret-789',
      securityToken: 'sts-token-000',
    })
    expect(withToken.secrets).toEqual(['alibaba-secret-789', 'sts-token-000'])
  })

  it('leaves Alibaba credentials to the default chain when only half of them is set', () => {
    expect(configFromEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIexample' }).alibabaCloudFlow).toEqual({})
    const onlySecret = configFromEnv({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'alibaba-secret-789' })
    expect(onlySecret.alibabaCloudFlow).toEqual({})
    // Still a secret: it must never be printed.
    expect(onlySecret.secrets).toEqual(['alibaba-secret-789'])
  })

  it('treats blank values as unset and trims the rest', () => {
    const config = configFromEnv({
      AWS_REGION: '  ',
      RUNSTOP_MWAA_SERVERLESS_ENDPOINT: ' http://localhost:1 ',
      ALIBABA_CLOUD_ACCESS_KEY_ID: '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'x-secret-value',
    })
    expect(config.mwaaServerless).toEqual({ endpoint: 'http://localhost:1' })
    expect(config.alibabaCloudFlow).toEqual({})
  })

  it('keeps both the raw and the trimmed form of a padded secret', () => {
    expect(configFromEnv({ AWS_SECRET_ACCESS_KEY: ' padded-secret ' }).secrets).toEqual([
      ' padded-secret ',
      'padded-secret',
    ])
  })
})
