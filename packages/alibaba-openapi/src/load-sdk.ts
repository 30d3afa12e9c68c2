import type * as CredentialsModule from '@alicloud/credentials'
import type * as OpenApiModule from '@alicloud/openapi-client'

/** The two Alibaba SDK modules the built-in client uses. */
export type AlibabaSdk = {
  openApi: typeof OpenApiModule.default
  credentials: typeof CredentialsModule.default
}

// The Alibaba SDKs are CommonJS: required when the first built-in client is made. node:module is
// fetched then too: importing it at load time costs node's source-map internals at every start.
let sdk: AlibabaSdk | undefined

/** `@alicloud/openapi-client` and `@alicloud/credentials`, required on first use. */
export function loadAlibabaSdk(): AlibabaSdk {
  if (sdk !== undefined) return sdk
  const requireCjs = process.getBuiltinModule('node:module').createRequire(import.meta.url)
  sdk = { openApi: requireCjs('@alicloud/openapi-client'), credentials: requireCjs('@alicloud/credentials') }
  return sdk
}
