import { type IdFieldRule, type RunError, type RunHandle, readIdFields, refuseHandle } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'

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
 * Checks a handle locally (nothing is sent) and gives its canonical form, bare ids plus the region
 * (`readIdFields`): each identifier a bare id or its ARN form, an execution ARN alone in
 * `executionIdentifier` a complete handle, ARNs that disagree (or with `region`) `VALIDATION`.
 */
export function validateHandle(handle: unknown): Result<BedrockFlowsHandle, RunError> {
  const read = readIdFields(PROVIDER, 'Bedrock flows handle', handle, FIELDS)
  if (read.isErr()) return err(read.error)
  const { ids, region } = read.value
  const { flowIdentifier, flowAliasIdentifier, executionIdentifier } = ids
  // Written out rather than spread from `ids` and a conditional object: this runs on every call.
  return ok(
    region === undefined
      ? { provider: PROVIDER, flowIdentifier, flowAliasIdentifier, executionIdentifier }
      : { provider: PROVIDER, flowIdentifier, flowAliasIdentifier, executionIdentifier, region },
  )
}

/** What `bedrockFlowsHandle` takes: an execution ARN, or the three ids (bare or ARN) and a region. */
export type BedrockFlowsHandleInput =
  | {
      /** The `executionArn` StartFlowExecution returned: it names flow, alias, execution and region. */
      readonly executionArn: string
      /** Must agree with the ARN's region when given. */
      readonly region?: string
    }
  | Pick<BedrockFlowsHandle, 'flowIdentifier' | 'flowAliasIdentifier' | 'executionIdentifier' | 'region'>

/**
 * The canonical handle of a Bedrock flow execution from what the AWS SDK gave you: `{ executionArn }`
 * from StartFlowExecution's output, or the three ids (e.g. from ListFlowExecutions). Does no I/O; a
 * value that breaks the service model is `VALIDATION`.
 *
 * @example
 * const { executionArn } = await client.send(new StartFlowExecutionCommand(input))
 * const handle = bedrockFlowsHandle({ executionArn }) // Ok({ provider: 'bedrock-flows', …, region })
 */
export function bedrockFlowsHandle(input: BedrockFlowsHandleInput): Result<BedrockFlowsHandle, RunError> {
  const given: Record<string, unknown> =
    typeof input === 'object' && input !== null ? input : { executionArn: input }
  const { executionArn, flowIdentifier, flowAliasIdentifier, executionIdentifier, region } = given
  const ids = { flowIdentifier, flowAliasIdentifier, executionIdentifier }
  if (!('executionArn' in given)) return validateHandle({ provider: PROVIDER, ...ids, region })
  if (typeof executionArn !== 'string' || !FIELDS.executionIdentifier.arn.test(executionArn))
    return refuseHandle(
      PROVIDER,
      `Bedrock flows handle field "executionArn" must be an execution ARN ${FIELDS.executionIdentifier.arnForm}, as StartFlowExecution returns it.`,
    )
  return validateHandle({ provider: PROVIDER, executionIdentifier: executionArn, region })
}
