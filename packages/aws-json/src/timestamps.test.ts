import { describe, expect, it } from 'vitest'
import { withDates } from './timestamps.js'

describe('withDates', () => {
  const paths = { '': ['CreatedAt'], Detail: ['StartedOn', 'EndedOn'], 'Runs[].Summary': ['StartedAt'] }

  it('turns epoch seconds and ISO 8601 strings into Dates at each path, in place, leaving the rest as it is', () => {
    const output = {
      CreatedAt: 1_700_000_000,
      Detail: { StartedOn: '2023-11-14T22:13:20Z', EndedOn: 1_700_000_060.5, Note: 1_700_000_000 },
      Runs: [{ Summary: { StartedAt: 1_700_000_000, Other: 'x' } }, 'not an object', { Id: 'no summary' }],
      Parameters: { StartedAt: 1_700_000_000 },
    }
    const converted = withDates(output, paths)
    // The output is converted in place (it is the client's own, just parsed): no copy.
    expect(converted).toBe(output)
    expect(converted).toEqual({
      CreatedAt: new Date(1_700_000_000_000),
      Detail: {
        StartedOn: new Date(1_700_000_000_000),
        EndedOn: new Date(1_700_000_060_500),
        Note: 1_700_000_000,
      },
      Runs: [
        { Summary: { StartedAt: new Date(1_700_000_000_000), Other: 'x' } },
        'not an object',
        { Id: 'no summary' },
      ],
      Parameters: { StartedAt: 1_700_000_000 },
    })
  })

  it('drops a timestamp that is not one, keeps null and absent members, and copes with odd shapes', () => {
    expect(withDates({ Detail: { StartedOn: 'garbage', EndedOn: null } }, paths)).toEqual({
      Detail: { EndedOn: null },
    })
    expect(withDates({ Detail: 'text', Runs: { not: 'a list' } }, paths)).toEqual({
      Detail: 'text',
      Runs: { not: 'a list' },
    })
    expect(withDates({}, paths)).toEqual({})
  })
})
