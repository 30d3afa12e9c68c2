import type { RunError } from './run-error.js'

/** The region a call went to, and where that region came from. */
export interface RegionAsked {
  /** The region name, e.g. `us-east-1`. */
  readonly name: string
  /** `handle`: the handle (or its ARN) named it; `settings`: the adapter's default; `sdk`: the SDK's own chain. */
  readonly from: 'handle' | 'settings' | 'sdk'
}

const SOURCE: Readonly<Record<RegionAsked['from'], string>> = {
  handle: "the handle's region",
  settings: "the adapter's default region; the handle names none",
  sdk: "the SDK's default region (AWS_REGION or the profile); neither the handle nor the adapter names one",
}

/**
 * The region a call asked: the handle's, else the settings', else the one the client resolved (an
 * AWS SDK v3 client's `config.region`, a value or a provider: AWS_REGION, the profile). Never fails.
 */
export async function regionAsked(
  handleRegion: string | undefined,
  settingsRegion: string | undefined,
  client: unknown,
): Promise<RegionAsked | undefined> {
  if (handleRegion !== undefined) return { name: handleRegion, from: 'handle' }
  if (settingsRegion !== undefined) return { name: settingsRegion, from: 'settings' }
  try {
    const region = (client as { config?: { region?: unknown } } | undefined)?.config?.region
    const name = typeof region === 'function' ? await region() : region
    return typeof name === 'string' && name !== '' ? { name, from: 'sdk' } : undefined
  } catch {
    return undefined
  }
}

/**
 * A NOT_FOUND that says which region was asked and why: a regional provider answers a run that
 * lives in another region exactly like a run that does not exist. Other errors are unchanged.
 */
export function withRegionHint(error: RunError, region: RegionAsked | undefined): RunError {
  if (error.code !== 'NOT_FOUND' || region === undefined) return error
  const hint =
    region.from === 'handle'
      ? ''
      : " Give the handle its region (or use the execution's ARN) if the run is elsewhere."
  return error.with({
    message: `${error.message.replace(/\.?$/, '.')} Looked up in region '${region.name}' (${SOURCE[region.from]}).${hint}`,
  })
}
