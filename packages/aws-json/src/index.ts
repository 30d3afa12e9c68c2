export {
  createKeepAliveHandler,
  type HttpHandlerLike,
  type KeepAliveTransport,
  keepAliveHandler,
} from '@runstop/core'
export {
  type AwsJsonCallOptions,
  type AwsJsonClient,
  type AwsJsonClientConfig,
  type AwsJsonService,
  CONTENT_TYPE,
  createAwsJsonClient,
} from './aws-json-client.js'
export {
  AwsJsonServiceError,
  errorFromResponse,
  errorTypeName,
  type ResponseMetadata,
} from './aws-json-error.js'
export {
  type AwsJsonClients,
  type AwsJsonClientsSettings,
  type AwsJsonSettings,
  type AwsJsonTransport,
  createAwsJsonClients,
  createAwsJsonTransport,
} from './aws-json-transport.js'
export {
  type CredentialProvider,
  type CredentialsSetting,
  credentialProvider,
  type RememberedProvider,
  type StaticCredentials,
} from './credentials.js'
export { type TimestampPaths, withDates } from './timestamps.js'
