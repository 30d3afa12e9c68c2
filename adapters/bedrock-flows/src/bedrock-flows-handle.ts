import { checkHandleShape, RunError, type RunHandle } from '@runstop/core'
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

type Field = 'flowIdentifier' | 'flowAliasIdentifier' | 'executionIdentifier'
const FIELDS: readonly Field[] = ['flowIdentifier', 'flowAliasIdentifier', 'executionIdentifier']

/*
 * Constraints from the service model, botocore data/bedrock-agent-runtime/2023-07-26/service-2.json
 * (the same patterns are printed in the API reference of StopFlowExecution / GetFlowExecution):
 *   FlowIdentifier:          min 0, max 2048,
 *     pattern ^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10})|([0-9a-zA-Z]{10})$
 *   FlowAliasIdentifier:     min 0, max 2048,
 *     pattern ^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10}/alias/[0-9a-zA-Z]{10})|(\bTSTALIASID\b|[0-9a-zA-Z]+)$
 *   FlowExecutionIdentifier: min 0, max 2048,
 *     pattern ^[a-zA-Z0-9-]{1,36}$|^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10}/alias/[0-9a-zA-Z]{10}/execution/[a-zA-Z0-9-]{1,36})$
 *   StartFlowExecution returns `executionArn` with the FlowExecutionIdentifier pattern.
 *
 * Every alternative is applied as a full match: read literally, the model's patterns anchor only
 * one side of each alternative, so they would accept e.g. '../x/ABCDEFGHIJ'. The ARN forms are
 * accepted and reduced to their bare ids and region (the canonical handle); only bare ids reach
 * the URL path, so nothing with '/', '..', '?', '#', '%' or control characters is ever sent there
 * (the SDK percent-encodes the labels as well). The required fields need at least one character
 * (the model's min 0 is not meaningful for a URL label).
 */
const BARE_ID: Readonly<Record<Field, { re: RegExp; rule: string }>> = {
  flowIdentifier: { re: /^[0-9a-zA-Z]{10}$/, rule: 'exactly 10 characters of [0-9a-zA-Z]' },
  flowAliasIdentifier: { re: /^[0-9a-zA-Z]{1,2048}$/, rule: '1 to 2048 characters of [0-9a-zA-Z]' },
  executionIdentifier: { re: /^[a-zA-Z0-9-]{1,36}$/, rule: '1 to 36 characters of [a-zA-Z0-9-]' },
}

const ARN_HEAD = 'arn:aws:bedrock:([a-z0-9-]{1,20}):([0-9]{12}):flow/([0-9a-zA-Z]{10})'
/** The ARN form of each field; groups: 1 region, 2 account, 3 flow, 4 alias, 5 execution. */
const ARN: Readonly<Record<Field, { re: RegExp; form: string }>> = {
  flowIdentifier: { re: new RegExp(`^${ARN_HEAD}$`), form: 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW' },
  flowAliasIdentifier: {
    re: new RegExp(`^${ARN_HEAD}/alias/([0-9a-zA-Z]{10})$`),
    form: 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS',
  },
  executionIdentifier: {
    re: new RegExp(`^${ARN_HEAD}/alias/([0-9a-zA-Z]{10})/execution/([a-zA-Z0-9-]{1,36})$`),
    form: 'arn:aws:bedrock:REGION:ACCOUNT:flow/FLOW/alias/ALIAS/execution/ID',
  },
}

/** A region is a host label and a SigV4 scope: the model's ARN region part, `[a-z0-9-]{1,20}`. */
export const REGION = /^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

function invalid(message: string, handle?: RunHandle): RunError {
  return new RunError({
    code: 'VALIDATION',
    message,
    provider: PROVIDER,
    ...(handle === undefined ? {} : { handle }),
  })
}

/**
 * Checks one identifier field of a scope (`bedrock-flows-scope.ts`): a bare id only. A scope is
 * sent as given, so it takes no ARN form (a handle's ARN is normalised to ids; a scope's is not).
 */
export function checkField(scope: RunHandle, field: Field): RunError | undefined {
  const value = scope[field]
  if (value === undefined || value === '') return invalid(`${field} is required.`, scope)
  if (BARE_ID[field].re.test(value)) return undefined
  const id = value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : undefined
  const hint = id !== undefined && BARE_ID[field].re.test(id) ? ` Use the bare id: ${field} '${id}'.` : ''
  return invalid(`${field} of a scope must be ${BARE_ID[field].rule} (a bare id, not an ARN).${hint}`, scope)
}

/** What one field says: its bare id, and the ids, region and account an ARN adds. */
interface Reading {
  readonly field: Field
  readonly ids: Partial<Record<Field, string>>
  readonly region?: string
  readonly account?: string
}

function readField(handle: RunHandle, field: Field): Result<Reading | undefined, RunError> {
  const value = handle[field]
  if (value === undefined || value === '') return ok(undefined)
  if (BARE_ID[field].re.test(value)) return ok({ field, ids: { [field]: value } })
  if (value.length > 2048) return err(invalid(`${field} is longer than 2048 characters.`, handle))
  if (CONTROL.test(value)) return err(invalid(`${field} must not contain control characters.`, handle))
  const arn = ARN[field].re.exec(value)
  if (arn !== null) {
    const [, region, account, flow, alias, execution] = arn
    const ids: Partial<Record<Field, string>> = { flowIdentifier: flow as string }
    if (alias !== undefined) ids.flowAliasIdentifier = alias
    if (execution !== undefined) ids.executionIdentifier = execution
    return ok({ field, ids, region: region as string, account: account as string })
  }
  if (value.startsWith('arn:'))
    return err(invalid(`${field} is an ARN but not of the form ${ARN[field].form}.`, handle))
  for (const [text, what] of [
    ['/', "'/'"],
    ['..', "'..'"],
    ['?', "'?'"],
    ['#', "'#'"],
    ['%', "'%'"],
  ] as const) {
    if (value.includes(text))
      return err(
        invalid(
          `${field} must not contain ${what}: it goes into the URL path. Expected ${BARE_ID[field].rule} or an ARN ${ARN[field].form}.`,
          handle,
        ),
      )
  }
  return err(
    invalid(
      `${field} must be ${BARE_ID[field].rule} or an ARN ${ARN[field].form} (service model ${field} pattern).`,
      handle,
    ),
  )
}

/** Merges what every field says; two fields naming different flows, aliases or regions is VALIDATION. */
function merge(handle: RunHandle, readings: readonly Reading[]): Result<BedrockFlowsHandle, RunError> {
  const ids: Partial<Record<Field, { value: string; from: Field }>> = {}
  let region: { value: string; from: string } | undefined
  let account: { value: string; from: Field } | undefined
  if (handle.region !== undefined) region = { value: handle.region, from: 'region' }
  for (const reading of readings) {
    for (const field of FIELDS) {
      const value = reading.ids[field]
      if (value === undefined) continue
      const seen = ids[field]
      if (seen !== undefined && seen.value !== value)
        return err(
          invalid(
            `${reading.field} names ${field} '${value}' but ${seen.from} names '${seen.value}': they must name one execution.`,
            handle,
          ),
        )
      ids[field] ??= { value, from: reading.field }
    }
    if (reading.region !== undefined) {
      if (region !== undefined && region.value !== reading.region)
        return err(
          invalid(
            `${reading.field} is an ARN in region '${reading.region}' but ${region.from} says '${region.value}': leave region out or make them agree.`,
            handle,
          ),
        )
      region ??= { value: reading.region, from: reading.field }
    }
    if (reading.account !== undefined) {
      if (account !== undefined && account.value !== reading.account)
        return err(
          invalid(
            `${reading.field} is an ARN of account ${reading.account} but ${account.from} names account ${account.value}.`,
            handle,
          ),
        )
      account ??= { value: reading.account, from: reading.field }
    }
  }
  for (const field of FIELDS) {
    if (ids[field] === undefined)
      return err(
        invalid(
          field === 'executionIdentifier'
            ? `${field} is required (a bare id, or the executionArn StartFlowExecution returned).`
            : `${field} is required (or give executionIdentifier as an execution ARN, which names the flow and alias).`,
          handle,
        ),
      )
  }
  if (region !== undefined && !REGION.test(region.value))
    return err(
      invalid(
        `region must be an AWS region name such as 'us-east-1' (1 to 20 characters of [a-z0-9-]).`,
        handle,
      ),
    )
  return ok({
    provider: PROVIDER,
    flowIdentifier: ids.flowIdentifier?.value as string,
    flowAliasIdentifier: ids.flowAliasIdentifier?.value as string,
    executionIdentifier: ids.executionIdentifier?.value as string,
    ...(region === undefined ? {} : { region: region.value }),
  })
}

/**
 * Checks a handle against the Bedrock flows constraints, locally (nothing is sent), and returns
 * its canonical form: bare ids plus the region. Each identifier may be a bare id or its ARN form;
 * an execution ARN alone in `executionIdentifier` is a complete handle. ARNs that name different
 * flows, aliases, accounts or regions, or a region in an ARN that disagrees with `region`, are
 * `VALIDATION`, as is anything else that breaks the service model; the message names the field
 * and the rule. Fields other than these (and `provider`, `region`) are dropped.
 */
export function validateHandle(handle: RunHandle): Result<BedrockFlowsHandle, RunError> {
  const shaped = checkHandleShape(handle)
  if (shaped.isErr()) return err(shaped.error.with({ provider: PROVIDER }))
  if (handle.provider !== PROVIDER)
    return err(invalid(`This adapter serves provider '${PROVIDER}', not '${handle.provider}'.`, handle))
  const readings: Reading[] = []
  for (const field of FIELDS) {
    const read = readField(handle, field)
    if (read.isErr()) return err(read.error)
    if (read.value !== undefined) readings.push(read.value)
  }
  return merge(handle, readings)
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
  if (typeof input !== 'object' || input === null)
    return err(invalid('bedrockFlowsHandle takes { executionArn } or the three identifiers.'))
  const given = input as Partial<Record<string, unknown>>
  if ('executionArn' in given) {
    const { executionArn, region } = given
    if (typeof executionArn !== 'string' || !ARN.executionIdentifier.re.test(executionArn))
      return err(
        invalid(
          `executionArn must be an execution ARN ${ARN.executionIdentifier.form}, as StartFlowExecution returns it.`,
        ),
      )
    return validateHandle({
      provider: PROVIDER,
      executionIdentifier: executionArn,
      ...(region === undefined ? {} : { region: region as string }),
    })
  }
  const { flowIdentifier, flowAliasIdentifier, executionIdentifier, region } = given
  return validateHandle({
    provider: PROVIDER,
    flowIdentifier,
    flowAliasIdentifier,
    executionIdentifier,
    ...(region === undefined ? {} : { region }),
  } as unknown as RunHandle)
}
