import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCallScope } from './call-signal.js'
import { createHttpCallGuard, type HttpCall } from './http-call-guard.js'

let server: http.Server
let base: string
const seen: string[] = []
const agent = new http.Agent({ keepAlive: true })

beforeAll(async () => {
  // `/status/NNN` answers NNN with a text body; `/hang` never answers.
  server = http.createServer((req, res) => {
    seen.push(req.url ?? '')
    const status = /^\/status\/(\d{3})$/.exec(req.url ?? '')?.[1]
    if (status === undefined) return
    res.writeHead(Number(status), { 'content-type': 'text/plain' })
    res.end('page')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  agent.destroy()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/** An SDK-like call: resolves with the body of any status, or rejects with the request's error. */
function get(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { agent }, (response) => {
      let body = ''
      response.on('data', (chunk) => {
        body += chunk
      })
      response.on('end', () => resolve(body))
    })
    request.on('error', reject)
    request.end()
  })
}

const live = (): HttpCall => ({ signal: new AbortController().signal })

describe('createHttpCallGuard', () => {
  it('resolves a 2xx answer, and records its status on the call', async () => {
    const call = live()
    await expect(createHttpCallGuard().send(() => get('/status/200'), call)).resolves.toBe('page')
    expect(call.httpStatus).toBe(200)
  })

  it('rejects an answer the SDK resolved despite a non-2xx status, with the status and body', async () => {
    const call = live()
    await expect(createHttpCallGuard().send(() => get('/status/503'), call)).rejects.toMatchObject({
      name: 'HttpStatusError',
      statusCode: 503,
      body: 'page',
    })
    expect(call.httpStatus).toBe(503)
  })

  it('records the status of a call whose SDK threw on the body (the status it dropped)', async () => {
    const call = live()
    const parse = () => get('/status/502').then((body) => JSON.parse(body))
    await expect(createHttpCallGuard().send(parse, call)).rejects.toBeInstanceOf(SyntaxError)
    expect(call.httpStatus).toBe(502)
  })

  it('rejects at once with the signal’s reason when it fires, destroying the request', async () => {
    const controller = new AbortController()
    const pending = createHttpCallGuard().send(() => get('/hang'), { signal: controller.signal })
    while (!seen.includes('/hang')) await new Promise((resolve) => setImmediate(resolve))
    controller.abort(new Error('stop now'))
    await expect(pending).rejects.toThrow('stop now')
  })

  it('with the controller’s signal that cannot fire (no deadline, no caller’s signal), still reads the status', async () => {
    const call: HttpCall = { signal: createCallScope().signal }
    const guard = createHttpCallGuard()
    await expect(guard.send(() => get('/status/504'), call)).rejects.toMatchObject({ statusCode: 504 })
    expect(call.httpStatus).toBe(504)
    await expect(guard.send(() => get('/status/200'), call)).resolves.toBe('page')
  })

  it('a request that throws at once rejects, and the guard goes on', async () => {
    const guard = createHttpCallGuard()
    const broken = () => {
      throw new Error('no request built')
    }
    await expect(guard.send(broken, live())).rejects.toThrow('no request built')
    await expect(guard.send(() => get('/status/200'), live())).resolves.toBe('page')
  })
})
