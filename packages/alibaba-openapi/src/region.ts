import type { FieldRule } from '@runstop/core'

/**
 * An Alibaba Cloud region id, e.g. `cn-hangzhou` or `ap-southeast-1`. It becomes part of a host
 * name (`{region}.fnf.aliyuncs.com`), so it is checked before any client is built.
 */
export const ALIBABA_REGION: FieldRule = {
  pattern: /^[a-z]{2}(?:-[a-z0-9]+){1,4}$/,
  form: "an Alibaba Cloud region id such as 'cn-hangzhou' or 'ap-southeast-1'",
}

/** The region used when neither the call nor the settings name one. */
export const DEFAULT_REGION = 'cn-hangzhou'
