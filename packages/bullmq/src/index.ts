export { type Campaigns, type CampaignsOptions, createCampaigns } from './campaigns.js'
export { type RedisConnection, redisOptions } from './connection.js'
export { DEFAULT_PREFIX, jobIdFor } from './keys.js'
export { CAMPAIGN_OUTCOMES, type CampaignOutcome } from './outcomes.js'
export { DEFAULT_PROVIDER_LIMITS, FALLBACK_LIMIT, limitFor, type RateLimit } from './provider-limits.js'
export { type QueueRoute, queueRoute } from './queue-route.js'
export { CAMPAIGN_PROVIDER } from './run-error.js'
export { createStopWorker, type StopWorker, type StopWorkerOptions } from './stop-worker.js'
export type {
  CampaignAdapter,
  CampaignFailure,
  CampaignInput,
  CampaignJobData,
  CampaignStarted,
  CampaignState,
  CampaignStatus,
  PageJobData,
  StartCampaignOptions,
  StopJobData,
} from './types.js'
