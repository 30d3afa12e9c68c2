import type { StopOutcome } from '@runstop/core'

/** How a handle of a campaign ended. `cancelled`: the campaign was cancelled before its stop was sent. */
export type CampaignOutcome = 'stopped' | 'stopRequested' | 'alreadyTerminal' | 'failed' | 'cancelled'

/** Every outcome, in report order. */
export const CAMPAIGN_OUTCOMES: readonly CampaignOutcome[] = [
  'stopped',
  'stopRequested',
  'alreadyTerminal',
  'failed',
  'cancelled',
]

/** The campaign outcome of a successful stop. */
export function outcomeOfStop(outcome: StopOutcome): CampaignOutcome {
  switch (outcome) {
    case 'stopped':
      return 'stopped'
    case 'stop_requested':
      return 'stopRequested'
    case 'already_terminal':
      return 'alreadyTerminal'
  }
}
