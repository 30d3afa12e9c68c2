import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatsDateOncePerSecond, keepSigningKey } from './signer-memo.js'

// The memos over the real smithy signer: the signatures they give are the plain signer's; a key is
// derived only when the secret, the day, the region or the service changes, a date formatted once
// per second.

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

const request = () => ({
  method: 'POST',
  protocol: 'https:',
  hostname: 'airflow-serverless.us-east-1.api.aws',
  path: '/',
  query: {},
  headers: {
    host: 'airflow-serverless.us-east-1.api.aws',
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'AmazonMWAAServerless.GetWorkflowRun',
  },
  body: '{"RunId":"r1"}',
})

/** A signer whose credentials are whatever `current` holds when it signs. */
function signer(current: { credentials: Credentials }, Signer: typeof SignatureV4 = SignatureV4) {
  return new Signer({
    service: 'airflow-serverless',
    region: 'us-east-1',
    sha256: Hash.bind(null, 'sha256'),
    credentials: async () => current.credentials,
  })
}

/** A kept signer, and how many keys its own `getSigningKey` was asked to derive. */
function countedKeptSigner(current: { credentials: Credentials }) {
  const made = signer(current) as unknown as { getSigningKey: (...args: unknown[]) => Promise<Uint8Array> }
  const own = made.getSigningKey
  const counted = { derived: 0 }
  made.getSigningKey = function (...args: unknown[]) {
    counted.derived++
    return own.apply(this, args)
  }
  return { kept: keepSigningKey(made as unknown as SignatureV4), counted }
}

const authorization = async (by: SignatureV4, signingDate: Date) =>
  (await by.sign(request(), { signingDate })).headers.authorization

describe('keepSigningKey', () => {
  it('signs as the plain signer does, deriving a key only for a new secret, day or region', async () => {
    const current = { credentials: { accessKeyId: 'AKID1', secretAccessKey: 'secret-one' } }
    const { kept, counted } = countedKeptSigner(current)
    const plain = signer(current)
    const day1 = new Date('2026-12-01T10:00:00Z')
    const day1Later = new Date('2026-12-01T23:59:59Z')
    const day2 = new Date('2026-12-02T00:00:01Z')
    const steps: [Date, Credentials | undefined, number][] = [
      [day1, undefined, 1],
      [day1Later, undefined, 1],
      // A session token is not part of the key.
      [day1Later, { accessKeyId: 'AKID1', secretAccessKey: 'secret-one', sessionToken: 't' }, 1],
      [day2, undefined, 2],
      [day2, { accessKeyId: 'AKID2', secretAccessKey: 'secret-two' }, 3],
      [day2, { accessKeyId: 'AKID1', secretAccessKey: 'secret-one' }, 4],
    ]
    for (const [date, credentials, derived] of steps) {
      if (credentials) current.credentials = credentials
      expect(await authorization(kept, date)).toBe(await authorization(plain, date))
      expect(counted.derived).toBe(derived)
    }
    // Another region is another key.
    const west = await kept.sign(request(), { signingDate: day2, signingRegion: 'us-west-2' })
    expect(west.headers.authorization).toContain('/us-west-2/airflow-serverless/aws4_request')
    expect(west.headers.authorization).toBe(
      (await plain.sign(request(), { signingDate: day2, signingRegion: 'us-west-2' })).headers.authorization,
    )
    expect(counted.derived).toBe(5)
  })

  it('derives again after a key that failed', async () => {
    const made = signer({ credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } }) as unknown as {
      getSigningKey: (...args: unknown[]) => Promise<Uint8Array>
    }
    const own = made.getSigningKey
    let fail = true
    made.getSigningKey = function (...args: unknown[]) {
      if (fail) return Promise.reject(new Error('no key'))
      return own.apply(this, args)
    }
    const kept = keepSigningKey(made as unknown as SignatureV4)
    const date = new Date('2026-12-01T10:00:00Z')
    await expect(kept.sign(request(), { signingDate: date })).rejects.toThrow('no key')
    fail = false
    expect(await authorization(kept, date)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\//)
  })

  it('finds the getSigningKey it wraps in this smithy version (else it would save nothing)', () => {
    expect(typeof (SignatureV4.prototype as unknown as { getSigningKey?: unknown }).getSigningKey).toBe(
      'function',
    )
    // A signer without one is left as it is.
    const bare = {}
    expect(keepSigningKey(bare)).toBe(bare)
    expect(bare).toEqual({})
  })
})

describe('formatsDateOncePerSecond', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('signs as the plain signer does, formatting each second once', async () => {
    const base = Object.getPrototypeOf(SignatureV4.prototype) as {
      formatDate: (now: unknown) => unknown
    }
    const formatted = vi.spyOn(base, 'formatDate')
    const current = { credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } }
    const kept = signer(current, formatsDateOncePerSecond(SignatureV4))
    const plain = signer(current)
    const steps: [string, number][] = [
      ['2026-12-01T23:59:58.100Z', 1],
      ['2026-12-01T23:59:58.999Z', 1],
      ['2026-12-01T23:59:59.000Z', 2],
      // The next day, and back to a second seen before the last one.
      ['2026-12-02T00:00:00.500Z', 3],
      ['2026-12-01T23:59:59.500Z', 4],
    ]
    for (const [at, count] of steps) {
      const date = new Date(at)
      const signed = await kept.sign(request(), { signingDate: date })
      expect(signed.headers.authorization).toBe(await authorization(plain, date))
      expect(signed.headers['x-amz-date']).toBe(`${at.slice(0, 19).replace(/[-:]/g, '')}Z`)
      // The spy sees both signers: count the kept one's own calls.
      expect(formatted.mock.contexts.filter((self) => self === kept)).toHaveLength(count)
    }
    // Epoch seconds (not a Date) are formatted as they come.
    const epoch = await kept.sign(request(), { signingDate: 1796169600 as unknown as Date })
    expect(epoch.headers['x-amz-date']).toBe('20261202T000000Z')
  })
})
