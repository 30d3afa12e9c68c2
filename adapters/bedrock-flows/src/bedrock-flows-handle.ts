import { checkHandleShape, RunError, type RunHandle } from '@runstop/core'
import { err, ok, type Result } from 'neverthrow'

export const PROVIDER = 'bedrock-flows'

/** A Bedrock flow execution: the three identifiers of its URL, and optionally its region. */
export interface BedrockFlowsHandle extends RunHandle {
  readonly provider: typeof PROVIDER
  /** The flow's 10-character id, e.g. `FLOW123456`. */
  readonly flowIdentifier: string
  /** The alias's id (10 characters, or `TSTALIASID` for the draft). */
  readonly flowAliasIdentifier: string
  /** The execution's id (up to 36 characters of `[a-zA-Z0-9-]`, a UUID in practice). */
  readonly executionIdentifier: string
  /** Overrides the adapter's default region. */
  readonly region?: string
}

type Field = 'flowIdentifier' | 'flowAliasIdentifier' | 'executionIdentifier'

/*
 * Constraints from the service model, botocore data/bedrock-agent-runtime/2023-07-26/service-2.json:
 *   FlowIdentifier:          min 0, max 2048,
 *     pattern ^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10})|([0-9a-zA-Z]{10})$
 *   FlowAliasIdentifier:     min 0, max 2048,
 *     pattern ^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10}/alias/[0-9a-zA-Z]{10})|(\bTSTALIASID\b|[0-9a-zA-Z]+)$
 *   FlowExecutionIdentifier: min 0, max 2048,
 *     pattern ^[a-zA-Z0-9-]{1,36}$|^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10}/alias/[0-9a-zA-Z]{10}/execution/[a-zA-Z0-9-]{1,36})$
 *
 * The model also allows the ARN forms, which contain '/'. These values go into the URL path, and
 * runstop sends nothing with '/', '..', '?', '#', '%' or control characters there, so only the
 * bare-id alternatives are accepted, as full matches (the model's patterns anchor only one side of
 * each alternative, so read literally they would accept e.g. '../x/ABCDEFGHIJ'). An ARN is
 * rejected with a message naming the bare id to use instead. The required fields are checked for
 * at least one character (the model's min 0 is not meaningful for a URL label).
 */
const BARE_ID: Readonly<Record<Field, { re: RegExp; rule: string }>> = {
  flowIdentifier: { re: /^[0-9a-zA-Z]{10}$/, rule: 'exactly 10 characters of [0-9a-zA-Z]' },
  flowAliasIdentifier: { re: /^[0-9a-zA-Z]{1,2048}$/, rule: '1 to 2048 characters of [0-9a-zA-Z]' },
  executionIdentifier: { re: /^[a-zA-Z0-9-]{1,36}$/, rule: '1 to 36 characters of [a-zA-Z0-9-]' },
}

/** What an ARN's bare id is called, and where it sits: the part after the last '/'. */
const ARN_PART: Readonly<Record<Field, string>> = {
  flowIdentifier: 'flow',
  flowAliasIdentifier: 'alias',
  executionIdentifier: 'execution',
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

/** Checks one identifier field (also used for scopes, `bedrock-flows-scope.ts`). */
export function checkField(handle: RunHandle, field: Field): RunError | undefined {
  const value = handle[field]
  if (value === undefined || value === '') return invalid(`${field} is required.`, handle)
  const bare = BARE_ID[field]
  if (bare.re.test(value)) return undefined
  if (value.length > 2048) return invalid(`${field} is longer than 2048 characters.`, handle)
  if (CONTROL.test(value)) return invalid(`${field} must not contain control characters.`, handle)
  if (value.startsWith('arn:')) {
    const id = value.slice(value.lastIndexOf('/') + 1)
    const hint = BARE_ID[field].re.test(id) ? ` Use the bare id instead: ${field} '${id}'.` : ''
    return invalid(
      `${field} must be the bare ${ARN_PART[field]} id, not an ARN: identifiers go into the URL path, where runstop sends no '/'.${hint}`,
      handle,
    )
  }
  for (const [text, what] of [
    ['/', "'/'"],
    ['..', "'..'"],
    ['?', "'?'"],
    ['#', "'#'"],
    ['%', "'%'"],
  ] as const) {
    if (value.includes(text))
      return invalid(
        `${field} must not contain ${what}: it goes into the URL path. Expected ${bare.rule}.`,
        handle,
      )
  }
  return invalid(`${field} must be ${bare.rule} (service model ${field} pattern).`, handle)
}

/**
 * Checks a handle against the Bedrock flows constraints, locally: nothing is sent. A broken handle
 * is a `VALIDATION` RunError naming the field and the rule.
 */
export function validateHandle(handle: RunHandle): Result<BedrockFlowsHandle, RunError> {
  const shaped = checkHandleShape(handle)
  if (shaped.isErr()) return err(shaped.error.with({ provider: PROVIDER }))
  if (handle.provider !== PROVIDER)
    return err(invalid(`This adapter serves provider '${PROVIDER}', not '${handle.provider}'.`, handle))
  for (const field of ['flowIdentifier', 'flowAliasIdentifier', 'executionIdentifier'] as const) {
    const error = checkField(handle, field)
    if (error) return err(error)
  }
  if (handle.region !== undefined && !REGION.test(handle.region))
    return err(
      invalid(
        `region must be an AWS region name such as 'us-east-1' (1 to 20 characters of [a-z0-9-]).`,
        handle,
      ),
    )
  return ok(handle as BedrockFlowsHandle)
}
