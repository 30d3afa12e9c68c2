import { invalidSetting } from './credentials.js'

/**
 * Splits an endpoint URL (`{region}` replaced by the region; a bare host is HTTPS) into the SDK's
 * `protocol` and `endpoint` (host and port). RPC calls go to `/`, so a path, query, fragment or
 * user is `VALIDATION`, as is a scheme other than http and https.
 */
export function rpcEndpoint(provider: string, template: string, region: string) {
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
  return { protocol: url.protocol.slice(0, -1), endpoint: url.host }
}
