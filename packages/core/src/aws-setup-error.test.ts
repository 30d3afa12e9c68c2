import { describe, expect, it } from 'vitest'
import { awsSetupProblem } from './aws-setup-error.js'

function named(name: string, message: string): Error {
  const error = new Error(message)
  error.name = name
  return error
}

describe('awsSetupProblem', () => {
  it.each([
    [
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      'UNAUTHENTICATED',
      'AWS_ACCESS_KEY_ID',
    ],
    [
      named('TokenProviderError', 'The SSO session associated with this profile has expired'),
      'UNAUTHENTICATED',
      'aws sso login',
    ],
    [new Error('Region is missing'), 'VALIDATION', 'AWS_REGION'],
  ])('%s → %s, saying what to set', (error, code, hint) => {
    const problem = awsSetupProblem(error)
    expect(problem?.code).toBe(code)
    expect(problem?.message).toContain(hint)
  })

  it('keeps the SDK message beside the hint', () => {
    const problem = awsSetupProblem(
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
    )
    expect(problem?.message).toContain('(Could not load credentials from any providers)')
  })

  it.each([
    [named('AccessDeniedException', 'not allowed')],
    [new Error('Region is missing in the ARN of something else')],
    [named('Error', 'socket hang up')],
    ['Region is missing'],
    [null],
    [undefined],
  ])('%j is not a setup problem', (error) => {
    expect(awsSetupProblem(error)).toBeUndefined()
  })
})
