import { type IdFieldRule, type RunError, type RunHandle, readIdFields, refuseHandle } from '@runstop/core'
import type { Result } from 'neverthrow'

/** The provider string of this adapter. */
export const PROVIDER = 'bedrock-flows'

/**
 * A Bedrock flow execution in its canonical form: the three bare ids of its URL and its region
 * (when known). `validateHandle` and `bedrockFlowsHandle` turn the ARN forms into this one, so
 * equal runs give equal handles and equal handle strings.
 */
export interface BedrockFlowsHandle extends RunHandle {
  readonly provider: typeof PROVIDER
  /** The flow's 10-character id, e.g. `FLOW123456`. */
  readonly flowIdentifier: string
  /** The alias's id (10 characters, or `TSTALIASID` for the draft). */
  readonly flowAliasIdentifier: string
  /** The execution's id (up to 36 characters of `[a-zA-Z0-9-]`, a UUID in practice). */
  readonly executionIdentifier: string
  /** Overrides the adapter's default region. Taken from an ARN when one is given. */
  readonly region?: string
}

/*
 * From the service model, botocore data/bedrock-agent-runtime/2023-07-26/service-2.json (max 2048):
 *   FlowIdentifier       ^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10})|([0-9a-zA-Z]{10})$
 *   FlowAliasIdentifier  ^(arn:…:flow/[0-9a-zA-Z]{10}/alias/[0-9a-zA-Z]{10})|(\bTSTALIASID\b|[0-9a-zA-Z]+)$
 *   FlowExecutionIdentifier ^[a-zA-Z0-9-]{1,36}$|^(arn:…/alias/[0-9a-zA-Z]{10}/execution/[a-zA-Z0-9-]{1,36})$
 * Each alternative is a full match (read literally, one-sided anchors would accept '../x/ABCDEFGHIJ');
 * ARN forms are reduced to bare ids and region, so only bare ids reach the URL path.
 */
const FLOW =
  'arn:aws:bedrock:(?<region>[a-z0-9-]{1,20}):(?<account>[0-9]{12}):flow/(?<flowIdentifier>[0-9a-zA-Z]{10})'
const ALIAS = `${FLOW}/alias/(?<flowAliasIdentifier>[0-9a-zA-Z]{10})`
const FORM = 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW'

/** Each identifier field: its bare id and its ARN form (what the ARN names besides). */
export const FIELDS = {
  flowIdentifier: {
    pattern: /^[0-9a-zA-Z]{10}$/,
    form: 'exactly 10 characters of [0-9a-zA-Z]',
    max: 2048,
    arn: new RegExp(`^${FLOW}$`),
    arnForm: FORM,
    required: ' (or give executionIdentifier as an execution ARN, which names the flow and alias)',
  },
  flowAliasIdentifier: {
    pattern: /^[0-9a-zA-Z]{1,2048}$/,
    form: '1 to 2048 characters of [0-9a-zA-Z]',
    max: 2048,
    arn: new RegExp(`^${ALIAS}$`),
    arnForm: `${FORM}/alias/ALIAS`,
    required: ' (or give executionIdentifier as an execution ARN, which names the flow and alias)',
  },
  executionIdentifier: {
    pattern: /^[a-zA-Z0-9-]{1,36}$/,
    form: '1 to 36 characters of [a-zA-Z0-9-]',
    max: 2048,
    arn: new RegExp(`^${ALIAS}/execution/(?<executionIdentifier>[a-zA-Z0-9-]{1,36})$`),
    arnForm: `${FORM}/alias/ALIAS/execution/ID`,
    required: ' (a bare id, or the executionArn StartFlowExecution returned)',
  },
} as const satisfies Record<string, IdFieldRule>

/**
 * Checks a handle against the Bedrock flows constraints, locally (nothing is sent), and returns
 * its canonical form: bare ids plus the region. Each identifier may be a bare id or its ARN form;
 * an execution ARN alone in `executionIdentifier` is a complete handle. ARNs that name different
 * flows, aliases, accounts or regions, or a region in an ARN that disagrees with `region`, are
 * `VALIDATION`, as is anything else that breaks the service model; the message names the field
 * and the rule. Fields other than these (and `provider`, `region`) are dropped.
 */
export function validateHandle(handle: unknown): Result<BedrockFlowsHandle, RunError> {
  return readIdFields(PROVIDER, 'Bedrock flows handle', handle, FIELDS).map(({ ids, region }) => ({
    provider: PROVIDER,
    ...ids,
    ...(region === undefined ? {} : { region }),
  }))
}

/** What `bedrockFlowsHandle` takes: the `executionArn` StartFlowExecution returned, or the three ids. */
export type BedrockFlowsHandleInput =
  | {
      /** `executionArn` from `StartFlowExecution`'s output: names flow, alias, execution and region. */
      readonly executionArn: string
      /** Must agree with the ARN's region when given. */
      readonly region?: string
    }
  | {
      /** The flow's id or ARN. */
      readonly flowIdentifier: string
      /** The flow alias's id or ARN. */
      readonly flowAliasIdentifier: string
      /** The execution's id or ARN. */
      readonly executionIdentifier: string
      /** The region; read from an ARN when one is given, else the adapter's or the SDK's region. */
      readonly region?: string
    }

/**
 * Builds the canonical handle of a Bedrock flow execution from what the AWS SDK gave you:
 * `{ executionArn }` from the output of `StartFlowExecution` (flow, alias, execution id and region
 * are read from it), or `{ flowIdentifier, flowAliasIdentifier, executionIdentifier, region? }`
 * (bare ids or their ARN forms, e.g. from `ListFlowExecutions`). Does no I/O; a value that breaks
 * the service model is `VALIDATION`.
 *
 * @example
 * const { executionArn } = await client.send(new StartFlowExecutionCommand(input))
 * const handle = bedrockFlowsHandle({ executionArn }) // Ok({ provider: 'bedrock-flows', …, region })
 */
export function bedrockFlowsHandle(input: BedrockFlowsHandleInput): Result<BedrockFlowsHandle, RunError> {
  const given: Record<string, unknown> =
    typeof input === 'object' && input !== null ? input : { executionArn: input }
  const { executionArn, flowIdentifier, flowAliasIdentifier, executionIdentifier, region } = given
  if (!('executionArn' in given))
    return validateHandle({
      provider: PROVIDER,
      flowIdentifier,
      flowAliasIdentifier,
      executionIdentifier,
      region,
    } as RunHandle)
  if (typeof executionArn !== 'string' || !FIELDS.executionIdentifier.arn.test(executionArn))
    return refuseHandle(
      PROVIDER,
      `Bedrock flows handle field "executionArn" must be an execution ARN ${FIELDS.executionIdentifier.arnForm}, as StartFlowExecution returns it.`,
    )
  return validateHandle({ provider: PROVIDER, executionIdentifier: executionArn, region } as RunHandle)
}
