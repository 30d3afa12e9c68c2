import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HttpCallWatch, watchHttpCall } from './http-call-watch.js'

let server: http.Server
let base: string
beforeAll(async () => {
  // `/status/502` answers 502 with an HTML page; `/hang` never answers.
  server = http.createServer((req, res) => {
    const status = /^\/status\/(\d{3})$/.exec(req.url ?? '')?.[1]
    if (status === undefined) return
    res.writeHead(Number(status), { 'content-type': 'text/html' })
    res.end('<html></html>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/** A GET that settles with the status, or rejects with the request's error. */
function get(url: string, options: http.RequestOptions = {}): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, options, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode))
    })
    request.on('error', reject)
    request.end()
  })
}

describe('watchHttpCall', () => {
  it('records the status of each concurrent call’s own response, and of no other request', async () => {
    const a: HttpCallWatch = {}
    const b: HttpCallWatch = {}
    await Promise.all([
      watchHttpCall(a, () => get(`${base}/status/502`)),
      watchHttpCall(b, () => Promise.resolve().then(() => get(`${base}/status/200`))),
      get(`${base}/status/503`),
    ])
    expect(a.status).toBe(502)
    expect(b.status).toBe(200)
  })

  it('destroys the call’s request when its signal fires', async () => {
    const controller = new AbortController()
    const pending = watchHttpCall({ signal: controller.signal }, () => get(`${base}/hang`))
    setTimeout(() => controller.abort(), 20)
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})
