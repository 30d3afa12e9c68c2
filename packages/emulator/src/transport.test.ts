import http2 from 'node:http2'
import { afterEach, describe, expect, it } from 'vitest'
import { type Listener, listen } from './transport.js'
import type { EmulatorRequest } from './types.js'

let listener: Listener | undefined
afterEach(async () => {
  await listener?.close()
  listener = undefined
})

function h2Request(url: string, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url)
    session.on('error', reject)
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'text/plain' })
    let text = ''
    let status = 0
    stream.on('response', (headers) => {
      status = Number(headers[':status'])
    })
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString()
    })
    stream.on('end', () => {
      session.close()
      resolve({ status, text })
    })
    stream.on('error', (error) => {
      session.destroy()
      reject(error)
    })
    stream.end(body)
  })
}

describe('transport', () => {
  it('serves HTTP/1.1 and HTTP/2 with prior knowledge on the same port', async () => {
    const seen: EmulatorRequest[] = []
    listener = await listen(
      (request, answer) => {
        seen.push(request)
        answer.reply({ status: 201, body: `${request.httpVersion} ${request.body.toString()}` })
      },
      { host: '127.0.0.1', port: 0 },
    )
    const h1 = await fetch(`${listener.url}/a%2Fb?x=1&x=2`, { method: 'POST', body: 'one' })
    expect(h1.status).toBe(201)
    expect(await h1.text()).toBe('1.1 one')
    const h2 = await h2Request(listener.url, '/flows/f?y=z', 'two')
    expect(h2).toEqual({ status: 201, text: '2 two' })
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/a%2Fb', httpVersion: '1.1' })
    expect(seen[0]?.query.getAll('x')).toEqual(['1', '2'])
    expect(seen[1]).toMatchObject({ path: '/flows/f', httpVersion: '2' })
    // HTTP/2 has no Host header; the transport fills it from :authority for signature checks.
    expect(seen[1]?.headers.host).toBe(new URL(listener.url).host)
  })

  it('drops the connection on reset, over HTTP/1.1 and HTTP/2', async () => {
    listener = await listen((_request, answer) => answer.reset(), { host: '127.0.0.1', port: 0 })
    await expect(fetch(listener.url, { method: 'POST', body: 'x' })).rejects.toThrow()
    await expect(h2Request(listener.url, '/', 'x')).rejects.toThrow()
  })

  it('answers 500 instead of crashing when the handler throws', async () => {
    listener = await listen(
      () => {
        throw new Error('boom')
      },
      { host: '127.0.0.1', port: 0 },
    )
    const response = await fetch(listener.url)
    expect(response.status).toBe(500)
  })
})
