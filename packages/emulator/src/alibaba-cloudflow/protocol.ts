import type { EmulatorRequest } from '../types.js'

/** The API version this module speaks. */
export const API_VERSION = '2019-03-15'

/** How a request is signed: ACS3 (`Authorization` header) or v1 RPC (`Signature` parameter). */
export type SignatureStyle = 'acs3' | 'v1' | 'none'

/** What the module reads out of an RPC request before verifying or serving it. */
export interface ParsedRequest {
  /** Query parameters, decoded. */
  readonly query: Readonly<Record<string, string>>
  /** Form (or JSON object) body parameters, decoded; empty without a body. */
  readonly body: Readonly<Record<string, string>>
  /** Query and body together; the body wins on a clash. */
  readonly params: Readonly<Record<string, string>>
  readonly style: SignatureStyle
  /** `x-acs-action` for ACS3, the `Action` parameter for v1 (either, when unsigned). */
  readonly action: string | undefined
  /** `x-acs-version` for ACS3, the `Version` parameter for v1. */
  readonly version: string | undefined
  /** The region named by a `{region}.fnf.aliyuncs.com` host, if any. */
  readonly region: string | undefined
  /** Set when the body's media type is one the RPC API does not take. */
  readonly unsupportedMediaType?: string
  /** Set when the body is a form or JSON that cannot be read. */
  readonly malformedBody?: string
}

const REGIONAL_HOST = /^([a-z]{2}-[a-z0-9-]+?)\.fnf(?:-vpc)?\.aliyuncs\.com(?::\d+)?$/i

function fromSearchParams(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of search) out[key] = value
  return out
}

function parseBody(request: EmulatorRequest): {
  params: Record<string, string>
  unsupported?: string
  malformed?: string
} {
  if (request.body.length === 0) return { params: {} }
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const text = request.body.toString('utf8')
  if (contentType === 'application/x-www-form-urlencoded' || contentType === '')
    return { params: fromSearchParams(new URLSearchParams(text)) }
  if (contentType === 'application/json') {
    try {
      const value: unknown = JSON.parse(text)
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { params: {}, malformed: 'The JSON body must be an object.' }
      const params: Record<string, string> = {}
      for (const [key, v] of Object.entries(value)) {
        if (v === null || v === undefined) continue
        params[key] = typeof v === 'object' ? JSON.stringify(v) : String(v)
      }
      return { params }
    } catch {
      return { params: {}, malformed: 'The JSON body cannot be parsed.' }
    }
  }
  return { params: {}, unsupported: contentType }
}

/** Reads an RPC request. Never throws: odd input is reported in the result. */
export function parseRpcRequest(request: EmulatorRequest): ParsedRequest {
  const query = fromSearchParams(request.query)
  const body = parseBody(request)
  const params = { ...query, ...body.params }
  const authorization = request.headers.authorization ?? ''
  const style: SignatureStyle = authorization.startsWith('ACS3-')
    ? 'acs3'
    : params.Signature !== undefined || params.AccessKeyId !== undefined
      ? 'v1'
      : 'none'
  const headerAction = request.headers['x-acs-action']
  const headerVersion = request.headers['x-acs-version']
  const action = style === 'acs3' ? headerAction : (params.Action ?? headerAction)
  const version = style === 'acs3' ? headerVersion : (params.Version ?? headerVersion)
  const region = REGIONAL_HOST.exec(request.headers.host ?? '')?.[1]?.toLowerCase()
  return {
    query,
    body: body.params,
    params,
    style,
    action,
    version,
    region,
    ...(body.unsupported === undefined ? {} : { unsupportedMediaType: body.unsupported }),
    ...(body.malformed === undefined ? {} : { malformedBody: body.malformed }),
  }
}
