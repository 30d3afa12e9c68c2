import { wholeAtLeastOne } from './whole-number.js'

/** Connections the built-in HTTP/1.1 handler opens at most, unless `maxSockets` says otherwise. */
export const DEFAULT_MAX_SOCKETS = 50

/** Concurrent calls per HTTP/2 connection of the built-in handler, unless configured. */
export const DEFAULT_MAX_CONCURRENT_STREAMS = 100

/** The HTTP stack settings of the clients an AWS adapter builds (see `reusingHttpHandler`). */
export interface AwsHttpSettings {
  /** `'1.1'` (default): keep-alive HTTP/1.1; `'2'`: HTTP/2 sessions carrying concurrent streams. */
  readonly httpVersion?: '1.1' | '2'
  /** HTTP/1.1: most connections open at once (per origin); more calls queue. Default 50. */
  readonly maxSockets?: number
  /** HTTP/2: calls one connection carries at once; more open another connection. Default 100. */
  readonly maxConcurrentStreams?: number
}

/** The two handler classes of `@smithy/node-http-handler`, as `reusingHttpHandler` builds them. */
export interface HttpHandlerModule {
  /** HTTP/1.1 with keep-alive agents. */
  readonly NodeHttpHandler: {
    /** A handler whose agents open at most `maxSockets` connections per origin. */
    new (options: { httpAgent: { maxSockets: number }; httpsAgent: { maxSockets: number } }): unknown
  }
  /** HTTP/2 sessions. */
  readonly NodeHttp2Handler: {
    /** A handler whose sessions carry up to `maxConcurrentStreams` calls at once. */
    new (options: { disableConcurrentStreams: boolean; maxConcurrentStreams: number }): unknown
  }
}

/**
 * The handler the clients an adapter builds share, so connections are reused from call to call:
 * HTTP/1.1 keep-alive of at most `maxSockets` connections, or with `httpVersion: '2'` HTTP/2
 * sessions of at most `maxConcurrentStreams` calls each. (The SDK's own default for some clients,
 * HTTP/2 with `disableConcurrentStreams`, opens a connection per request.)
 */
export function reusingHttpHandler(http: HttpHandlerModule, settings: AwsHttpSettings): unknown {
  if (settings.httpVersion === '2')
    return new http.NodeHttp2Handler({
      disableConcurrentStreams: false,
      maxConcurrentStreams: wholeAtLeastOne(settings.maxConcurrentStreams, DEFAULT_MAX_CONCURRENT_STREAMS),
    })
  const maxSockets = wholeAtLeastOne(settings.maxSockets, DEFAULT_MAX_SOCKETS)
  return new http.NodeHttpHandler({ httpAgent: { maxSockets }, httpsAgent: { maxSockets } })
}
