import type { Redis } from 'ioredis'
import type { CampaignKeys } from './keys.js'
import type { CampaignOutcome } from './outcomes.js'

// KEYS: meta, results, failures. ARGV: handle, outcome, error JSON ('' when none).
// A handle's result is written once: a second record (a job run again after its worker was
// SIGKILLed, or a duplicate) changes nothing and counts nothing. A handle recorded without having
// been marked pending first (see MARK) is counted into `total` here.
const RECORD = `
local current = redis.call('HGET', KEYS[2], ARGV[1])
if current and current ~= '' then return 0 end
if not current then redis.call('HINCRBY', KEYS[1], 'total', 1) end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
if ARGV[3] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[3]) end
return 1
`

// KEYS: meta, results. ARGV: handles. Marks each new handle pending ('') and counts it into
// `total`. Answers per handle: 1 new, 0 pending (marked before, not recorded yet), 2 recorded.
const MARK = `
local answers = {}
local added = 0
for i, handle in ipairs(ARGV) do
  local current = redis.call('HGET', KEYS[2], handle)
  if not current then
    redis.call('HSET', KEYS[2], handle, '')
    added = added + 1
    answers[i] = 1
  elseif current == '' then
    answers[i] = 0
  else
    answers[i] = 2
  end
end
if added > 0 then redis.call('HINCRBY', KEYS[1], 'total', added) end
return answers
`

/** What `markPending` answers for one handle. */
export type MarkAnswer = 'new' | 'pending' | 'recorded'

interface ScriptedRedis extends Redis {
  runstopRecord(
    meta: string,
    results: string,
    failures: string,
    handle: string,
    outcome: string,
    error: string,
  ): Promise<number>
  runstopMark(meta: string, results: string, ...handles: string[]): Promise<number[]>
}

const defined = new WeakSet<Redis>()

function scripted(redis: Redis): ScriptedRedis {
  if (!defined.has(redis)) {
    redis.defineCommand('runstopRecord', { numberOfKeys: 3, lua: RECORD })
    redis.defineCommand('runstopMark', { numberOfKeys: 2, lua: MARK })
    defined.add(redis)
  }
  return redis as ScriptedRedis
}

/**
 * Records a handle's result once, atomically (one Lua script): only the first record of a handle
 * is kept and counted. Resolves to true when this call recorded it, false when it was recorded
 * before. `errorJson` is kept for failures.
 */
export async function recordResult(
  redis: Redis,
  keys: CampaignKeys,
  handle: string,
  outcome: CampaignOutcome,
  errorJson?: string,
): Promise<boolean> {
  const answer = await scripted(redis).runstopRecord(
    keys.meta,
    keys.results,
    keys.failures,
    handle,
    outcome,
    errorJson ?? '',
  )
  return answer === 1
}

/** Marks handles pending before their jobs are added, counting the new ones into the campaign's total. */
export async function markPending(
  redis: Redis,
  keys: CampaignKeys,
  handles: readonly string[],
): Promise<MarkAnswer[]> {
  if (handles.length === 0) return []
  const answers = await scripted(redis).runstopMark(keys.meta, keys.results, ...handles)
  return answers.map((answer) => (answer === 1 ? 'new' : answer === 0 ? 'pending' : 'recorded'))
}
