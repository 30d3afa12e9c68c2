import type { Queue } from 'bullmq'
import type { CampaignJobData } from './types.js'

/** A BullMQ queue of a campaign's jobs (stops, or pages of a scope). */
export type StopQueue = Queue<CampaignJobData, string, string, CampaignJobData, string, string>
