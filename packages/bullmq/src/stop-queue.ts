import type { Queue } from 'bullmq'
import type { StopJobData } from './types.js'

/** A BullMQ queue of stop jobs. */
export type StopQueue = Queue<StopJobData, string, string, StopJobData, string, string>
