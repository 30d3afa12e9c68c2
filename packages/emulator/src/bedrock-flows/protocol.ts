/**
 * The Bedrock Agent Runtime restJson1 surface the emulator speaks for flow executions, as the
 * official SDK (`@aws-sdk/client-bedrock-agent-runtime`, schemas `StopFlowExecution$` and
 * `GetFlowExecution$`) and the service model (botocore `bedrock-agent-runtime/2023-07-26`) define it:
 *
 * - `POST /flows/{flowIdentifier}/aliases/{flowAliasIdentifier}/executions/{executionIdentifier}/stop`
 *   → 200 `{ executionArn, status }`
 * - `GET  /flows/{flowIdentifier}/aliases/{flowAliasIdentifier}/executions/{executionIdentifier}`
 *   → 200 `{ executionArn, status, startedAt, endedAt?, errors?, flowAliasIdentifier, flowIdentifier, flowVersion }`
 *
 * Labels arrive percent-encoded (the SDK's `extendedEncodeURIComponent`); timestamps are ISO 8601
 * (`DateTimestamp` has `timestampFormat: iso8601`). SigV4 signing name `bedrock`.
 */

export const SIGNING_SERVICE = 'bedrock'
export const ACCOUNT_ID = '123456789012'

export type FlowOperation = 'StopFlowExecution' | 'GetFlowExecution'

export interface FlowRoute {
  readonly operation: FlowOperation
  /** Decoded label values, or undefined where the percent-encoding is broken. */
  readonly labels: {
    readonly flowIdentifier: string | undefined
    readonly flowAliasIdentifier: string | undefined
    readonly executionIdentifier: string | undefined
  }
}

const ROUTE = /^\/flows\/([^/]+)\/aliases\/([^/]+)\/executions\/([^/]+?)(\/stop)?$/

function decodeLabel(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/** The operation a method and raw path name, or undefined for anything else. */
export function matchRoute(method: string, path: string): FlowRoute | undefined {
  const m = ROUTE.exec(path)
  if (!m) return undefined
  const stop = m[4] !== undefined
  if (stop ? method !== 'POST' : method !== 'GET') return undefined
  return {
    operation: stop ? 'StopFlowExecution' : 'GetFlowExecution',
    labels: {
      flowIdentifier: decodeLabel(m[1] as string),
      flowAliasIdentifier: decodeLabel(m[2] as string),
      executionIdentifier: decodeLabel(m[3] as string),
    },
  }
}

/** The region of a SigV4 credential scope, read without verifying anything (for the request log). */
export function credentialScopeRegion(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] : undefined
}

/**
 * The label constraints of the service model (botocore `service-2.json`), each `min` 0 /
 * `max` 2048, applied as full matches of either form (the model's own patterns, e.g.
 * `^(arn:…)|([0-9a-zA-Z]{10})$`, anchor only one side of each alternative):
 * - FlowIdentifier: `arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10}` or `[0-9a-zA-Z]{10}`
 * - FlowAliasIdentifier: `arn:…:flow/[0-9a-zA-Z]{10}/alias/[0-9a-zA-Z]{10}` or `TSTALIASID|[0-9a-zA-Z]+`
 * - FlowExecutionIdentifier: `[a-zA-Z0-9-]{1,36}` or `arn:…:flow/…/alias/…/execution/[a-zA-Z0-9-]{1,36}`
 * The real service accepts the ARN forms; the emulator does too and looks runs up by the bare ids.
 */
const ARN_PREFIX = 'arn:aws:bedrock:([a-z0-9-]{1,20}):([0-9]{12}):flow/([0-9a-zA-Z]{10})'
const FLOW = new RegExp(`^(?:${ARN_PREFIX}|([0-9a-zA-Z]{10}))$`)
const ALIAS = new RegExp(`^(?:${ARN_PREFIX}/alias/([0-9a-zA-Z]{10})|([0-9a-zA-Z]+))$`)
const EXECUTION = new RegExp(
  `^(?:${ARN_PREFIX}/alias/[0-9a-zA-Z]{10}/execution/([a-zA-Z0-9-]{1,36})|([a-zA-Z0-9-]{1,36}))$`,
)

export const LABEL_PATTERNS = {
  flowIdentifier: '^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10})|([0-9a-zA-Z]{10})$',
  flowAliasIdentifier:
    '^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10}/alias/[0-9a-zA-Z]{10})|(\\bTSTALIASID\\b|[0-9a-zA-Z]+)$',
  executionIdentifier:
    '^[a-zA-Z0-9-]{1,36}$|^(arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:flow/[0-9a-zA-Z]{10}/alias/[0-9a-zA-Z]{10}/execution/[a-zA-Z0-9-]{1,36})$',
} as const

export type LabelName = keyof typeof LABEL_PATTERNS

/** One label, reduced to its bare id; `region` is set when the label was an ARN. */
export interface ParsedLabel {
  readonly id: string
  readonly region?: string
}

export type ParsedLabels =
  | {
      readonly ok: true
      readonly flow: ParsedLabel
      readonly alias: ParsedLabel
      readonly execution: ParsedLabel
    }
  | { readonly ok: false; readonly message: string }

function parseOne(name: LabelName, value: string | undefined): ParsedLabel | string {
  const shown = value === undefined ? '(not valid percent-encoding)' : value.slice(0, 100)
  const failure = `1 validation error detected: Value '${shown}' at '${name}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${LABEL_PATTERNS[name]}`
  if (value === undefined) return failure
  if (value.length > 2048)
    return `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must have length less than or equal to 2048`
  const re = name === 'flowIdentifier' ? FLOW : name === 'flowAliasIdentifier' ? ALIAS : EXECUTION
  const m = re.exec(value)
  if (!m) return failure
  // Groups: 1 region, 2 account, 3 flow id, 4 the ARN's own id (alias/execution) or the bare id, 5 bare id.
  if (name === 'flowIdentifier') return m[1] ? { id: m[3] as string, region: m[1] } : { id: m[4] as string }
  return m[1] ? { id: m[4] as string, region: m[1] } : { id: m[5] as string }
}

/** Checks the three labels against the model's constraints (a ValidationException message on failure). */
export function parseLabels(labels: FlowRoute['labels']): ParsedLabels {
  const flow = parseOne('flowIdentifier', labels.flowIdentifier)
  if (typeof flow === 'string') return { ok: false, message: flow }
  const alias = parseOne('flowAliasIdentifier', labels.flowAliasIdentifier)
  if (typeof alias === 'string') return { ok: false, message: alias }
  const execution = parseOne('executionIdentifier', labels.executionIdentifier)
  if (typeof execution === 'string') return { ok: false, message: execution }
  return { ok: true, flow, alias, execution }
}

export function executionArn(region: string, flowId: string, aliasId: string, executionId: string): string {
  return `arn:aws:bedrock:${region}:${ACCOUNT_ID}:flow/${flowId}/alias/${aliasId}/execution/${executionId}`
}

/** The store key of one execution: executions are regional, so the region is part of it. */
export function runKey(region: string, flowId: string, aliasId: string, executionId: string): string {
  return `${region}|${flowId}|${aliasId}|${executionId}`
}
