import { RunError } from '@runstop/core'
import { describe, expect, it } from 'vitest'
import { rpcEndpoint } from './endpoint.js'

describe('rpcEndpoint: the protocol, host and port of an endpoint setting', () => {
  it.each([
    ['https://{region}.fnf.aliyuncs.com', 'https:', 'cn-shanghai.fnf.aliyuncs.com', undefined],
    ['https://{region}-vpc.fnf.aliyuncs.com/', 'https:', 'cn-shanghai-vpc.fnf.aliyuncs.com', undefined],
    ['http://127.0.0.1:4510', 'http:', '127.0.0.1', 4510],
    ['HTTP://127.0.0.1:4510/', 'http:', '127.0.0.1', 4510],
    ['fnf.{region}.example.com:8443', 'https:', 'fnf.cn-shanghai.example.com', 8443],
    ['http://[::1]:4510', 'http:', '[::1]', 4510],
  ])('%s → %s//%s port %s', (template, protocol, hostname, port) => {
    const host = port === undefined ? hostname : `${hostname}:${port}`
    expect(rpcEndpoint('p', template, 'cn-shanghai')).toEqual({ protocol, hostname, port, host })
  })

  it.each([
    ['http://127.0.0.1:4510/fnf', 'scheme://host[:port] only'],
    ['http://127.0.0.1:4510/?x=1', 'scheme://host[:port] only'],
    ['http://127.0.0.1:4510/#top', 'scheme://host[:port] only'],
    ['http://user@127.0.0.1:4510', 'scheme://host[:port] only'],
    ['ftp://127.0.0.1:21', 'http or https'],
    ['http://', 'not a URL'],
  ])('%s is a VALIDATION RunError of the provider: %s', (template, message) => {
    let thrown: unknown
    try {
      rpcEndpoint('alibaba-test', template, 'cn-hangzhou')
    } catch (error) {
      thrown = error
    }
    expect(RunError.is(thrown)).toBe(true)
    expect(thrown).toMatchObject({ code: 'VALIDATION', provider: 'alibaba-test' })
    expect((thrown as RunError).message).toContain(message)
  })
})
