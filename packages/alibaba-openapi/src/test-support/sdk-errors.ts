// What the Alibaba SDKs reject with, field for field, for table tests of error mapping.

/** The request id the errors below carry. */
export const REQUEST_ID = '4F2A6C1E-7B1D-4C8A-9F00-1234567890AB'

/** The error `@alicloud/openapi-client` throws for a 4xx/5xx (tea `ResponseError`), field for field. */
export function openApiError(
  code: string,
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
) {
  const data = {
    RequestId: REQUEST_ID,
    HostId: 'cn-hangzhou.fnf.aliyuncs.com',
    Code: code,
    Message: message,
    ...extra,
  }
  return Object.assign(new Error(`${code}: code: ${status}, ${message} request id: ${REQUEST_ID}`), {
    code,
    data: { ...data, statusCode: status },
    description: 'undefined',
    accessDeniedDetail: undefined,
    statusCode: status,
  })
}

/** The error a pop-core RPCClient (e.g. `@alicloud/fnf-2019-03-15`) throws: the URL in the message, the status only in `entry`. */
export function popCoreError(code: string, status: number, message: string) {
  const url =
    'http://127.0.0.1:4510/?AccessKeyId=LTAIKEY&Action=DescribeExecution&Signature=c2lnbmF0dXJlLXZhbHVl%3D&Timestamp=2024-01-01T00%3A00%3A00Z'
  const error = new Error(`${message}, URL: ${url}`)
  error.name = `${code}Error`
  return Object.assign(error, {
    code,
    data: { RequestId: REQUEST_ID, HostId: 'cn-hangzhou.fnf.aliyuncs.com', Code: code, Message: message },
    url,
    entry: { request: { headers: {} }, response: { statusCode: status, headers: {} } },
  })
}

/** A third-party client's error that carries only `code` and `data.RequestId`, no HTTP status. */
export function codeOnlyError(code: string) {
  return Object.assign(new Error(code), { code, data: { RequestId: REQUEST_ID } })
}
