/** setTimeout overflows past 2^31-1 ms and fires at once; longer waits are re-armed in steps. */
export const MAX_TIMER_MS = 2_147_483_647

/**
 * Waits `ms` milliseconds, or less when `signal` fires. Resolves `true` when the full time passed
 * and `false` when the signal cut it short (never rejects). The abort listener is added with
 * `addEventListener` and always removed, so one signal can serve any number of sleeps.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    if (signal?.aborted) {
      resolve(false)
      return
    }
    const until = Date.now() + Math.max(0, ms)
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = (slept: boolean) => {
      if (timer !== undefined) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      resolve(slept)
    }
    const onAbort = () => finish(false)
    const arm = (left: number) => {
      timer = setTimeout(
        () => {
          const rest = until - Date.now()
          if (rest > 0 && left >= MAX_TIMER_MS) arm(rest)
          else finish(true)
        },
        Math.min(left, MAX_TIMER_MS),
      )
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    arm(Math.max(0, ms))
  })
}
