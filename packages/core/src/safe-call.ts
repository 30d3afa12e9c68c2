/**
 * Calls a user callback (a hook, a progress listener) so that it can never break the call that
 * reports to it: a throw is ignored, and so is a rejection when the callback is async.
 */
export function callSafely(callback: (() => unknown) | undefined): void {
  if (callback === undefined) return
  try {
    const returned = callback()
    if (
      typeof returned === 'object' &&
      returned !== null &&
      typeof (returned as PromiseLike<unknown>).then === 'function'
    )
      (returned as PromiseLike<unknown>).then(undefined, () => {})
  } catch {
    // Observers must not change the outcome they observe.
  }
}
