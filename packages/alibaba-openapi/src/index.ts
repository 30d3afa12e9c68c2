export type { AlibabaRpcReply } from './alibaba-answer.js'
export { readAlibabaError } from './alibaba-error.js'
export {
  type AlibabaCallOptions,
  type AlibabaOpenApiSettings,
  type AlibabaRpcAction,
  type AlibabaRpcApi,
  type AlibabaRpcClient,
  type AlibabaRpcTransport,
  createAlibabaRpcTransport,
} from './alibaba-rpc-client.js'
export {
  type AlibabaRpcClients,
  type AlibabaRpcClientsSettings,
  createAlibabaRpcClients,
} from './alibaba-rpc-clients.js'
export { bodyOf } from './body-of.js'
export type {
  AlibabaCredentialProvider,
  AlibabaCredentials,
  AlibabaCredentialsSetting,
} from './credentials.js'
export {
  ALIBABA_CLOCK_HINT,
  ALIBABA_KEY_VARIABLES,
  ALIBABA_SECRET_HINT,
  GATEWAY_ERROR_CODES,
} from './gateway-error-codes.js'
export { ALIBABA_REGION, DEFAULT_REGION } from './region.js'
export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_SOCKETS, NO_LIMIT_MS } from './transport-defaults.js'
