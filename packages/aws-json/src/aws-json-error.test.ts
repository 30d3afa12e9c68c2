import { describe, expect, it } from 'vitest'
import { AwsJsonServiceError, errorFromResponse, errorTypeName } from './aws-json-error.js'

describe('errorTypeName', () => {
  it.each([
    ['ThrottlingException', 'ThrottlingException'],
    ['com.amazonaws.mwaaserverless#ThrottlingException', 'ThrottlingException'],
    [
      'ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.mwaaserverless/',
      'ThrottlingException',
    ],
    ['aws.protocoltests#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/', 'FooError'],
    ['  ValidationException  ', 'ValidationException'],
    ['', undefined],
    ['#', undefined],
    [42, undefined],
    [undefined, undefined],
  ])('%j → %j', (raw, name) => {
    expect(errorTypeName(raw)).toBe(name)
  })
})

describe('errorFromResponse', () => {
  const json = (body: unknown) => JSON.stringify(body)

  it.each([
    ['a namespaced __type', {}, json({ __type: 'aws.acme#NoSuchJob', Message: 'gone' }), 'NoSuchJob', 'gone'],
    [
      'x-amzn-errortype (wins over the body)',
      { 'X-Amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/coral/x/' },
      json({ __type: 'Other', message: 'slow down' }),
      'ThrottlingException',
      'slow down',
    ],
    ['a body "code"', {}, json({ code: 'AccessDeniedException' }), 'AccessDeniedException', undefined],
    ['an empty body', {}, '', '503', 'Acme answered HTTP 503 with an empty body.'],
    [
      'an HTML page',
      {},
      '<html>Bad Gateway</html>',
      '503',
      'Acme answered HTTP 503 with a body that is not JSON.',
    ],
    ['a JSON array', {}, '[]', '503', 'Acme answered HTTP 503 with a body that is not JSON.'],
    ['an object without a message', {}, '{}', '503', 'Acme answered HTTP 503 with no error message.'],
  ])('%s', (_what, headers, body, name, message) => {
    const error = errorFromResponse('Acme', 503, { 'x-amzn-requestid': 'req-1', ...headers }, body)
    expect(error).toBeInstanceOf(AwsJsonServiceError)
    expect(error.name).toBe(name)
    if (message !== undefined) expect(error.message).toBe(message)
    expect(error.$fault).toBe('server')
    expect(error.$metadata).toEqual({
      httpStatusCode: 503,
      requestId: 'req-1',
      attempts: 1,
      totalRetryDelay: 0,
    })
    expect(error.__type).toBeUndefined()
  })

  it('keeps the modelled members as own fields, Message from message, RetryAfterSeconds from Retry-After', () => {
    const body = json({ __type: 'ThrottlingException', message: 'Rate exceeded', QuotaCode: 'L-1' })
    const error = errorFromResponse('Acme', 400, { 'retry-after': '7' }, body)
    expect(error).toMatchObject({
      $fault: 'client',
      Message: 'Rate exceeded',
      QuotaCode: 'L-1',
      RetryAfterSeconds: 7,
    })
    const fromBody = errorFromResponse('Acme', 400, { 'retry-after': '7' }, json({ RetryAfterSeconds: 2 }))
    expect(fromBody.RetryAfterSeconds).toBe(2)
    expect(errorFromResponse('Acme', 400, { 'retry-after': 'soon' }, '').RetryAfterSeconds).toBeUndefined()
  })
})
