import { invalidSetting } from './credentials.js'

/** Where a client's requests go: what `rpcEndpoint` reads out of an endpoint setting. */
export interface RpcEndpoint {
  /** `https:` or `http:`. */
  readonly protocol: 'http:' | 'https:'
  /** The host name (an IPv6 address in brackets). */
  readonly hostname: string
  /** The port, when the URL names one. */
  readonly port: number | undefined
  /** The `host` header: host name and port as the URL gives them. */
  readonly host: string
}

/**
 * Reads an endpoint URL (`{region}` replaced by the region; a bare host is HTTPS) into the protocol,
 * host name, port and `host` header. RPC calls go to `/`, so a path, query, fragment or user is
 * `VALIDATION`, as is a scheme other than http and https.
 */
export function rpcEndpoint(provider: string, template: string, region: string): RpcEndpoint {
  const text = template.replaceAll('{region}', region)
  const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`
  if (!URL.canParse(full))
    throw invalidSetting(
      provider,
      `endpoint '${template}' is not a URL; pass e.g. 'https://cn-hangzhou.fnf.aliyuncs.com'.`,
    )
  const url = new URL(full)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidSetting(provider, `endpoint '${template}' must use http or https.`)
  if (`${url.pathname}${url.search}${url.hash}${url.username}`.replace(/^\/$/, '') !== '')
    throw invalidSetting(
      provider,
      `endpoint '${template}' must be scheme://host[:port] only: RPC calls go to '/'.`,
    )
  const port = url.port === '' ? undefined : Number(url.port)
  return { protocol: url.protocol as RpcEndpoint['protocol'], hostname: url.hostname, port, host: url.host }
}
