import type * as CredentialsModule from '@alicloud/credentials'
import type { AlibabaCredentialProvider } from './credentials.js'

/** The credentials client of `@alicloud/credentials`. */
type CredentialClass = typeof CredentialsModule.default.default

// @alicloud/credentials is CommonJS: required when the default chain is first asked, so that a
// client with its own credentials never loads it. node:module is fetched then too: importing it at
// load time costs node's source-map internals at every start.
let Credential: CredentialClass | undefined

/** A new client of the default credential chain of `@alicloud/credentials`, required on first use. */
export function defaultCredentialChain(): AlibabaCredentialProvider {
  if (Credential === undefined) {
    const requireCjs = process.getBuiltinModule('node:module').createRequire(import.meta.url)
    Credential = (requireCjs('@alicloud/credentials') as typeof CredentialsModule.default).default
  }
  return new Credential()
}
