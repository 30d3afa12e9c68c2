import type { ProviderModule } from '../types.js'

// SCAFFOLD: replaced by the full protocol implementation.
export const alibabaCloudFlowModule: ProviderModule = {
  provider: 'alibaba-cloudflow',
  throttlingCode: 'Throttled',
  internalErrorCode: 'Internal',
  identify: (request) => ({ operation: request.headers['x-amz-target'] ?? request.path, params: {} }),
  serve: (request) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: request.httpVersion }),
  }),
  errorResponse: (code) => ({ status: 500, body: code, errorCode: code }),
  createRun: () => ({ provider: 'alibaba-cloudflow' }),
}
