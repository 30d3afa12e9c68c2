const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The response body of an Alibaba SDK call: the reply itself (a pop-core client such as
 * `@alicloud/fnf-2019-03-15` resolves to the body) or its `body` (`callApi` resolves to
 * `{ body, statusCode, headers }`). Anything that is not an object (an array, a scalar) is
 * `undefined`.
 */
export function bodyOf(reply: unknown): Record<string, unknown> | undefined {
  const body = isObject(reply) && reply.body !== undefined ? reply.body : reply
  return isObject(body) ? body : undefined
}
