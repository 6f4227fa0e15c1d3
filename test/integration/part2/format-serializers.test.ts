import { describe, expect, it } from 'vitest'
import { negotiateFormat, toUrlencoded, toXml } from '../../../src/core/oauth/formats'

describe('response format negotiation and serializers', () => {
  it('format= wins, then Accept by q value, then JSON', () => {
    expect(negotiateFormat('XML', 'application/json').format).toBe('xml')
    expect(negotiateFormat(undefined, 'application/json;q=0.5, application/xml').format).toBe('xml')
    expect(negotiateFormat(undefined, 'text/xml').format).toBe('xml')
    expect(negotiateFormat(undefined, 'application/xml;q=0').format).toBe('json')
    expect(negotiateFormat(undefined, undefined)).toEqual({
      format: 'json',
      why: 'no format parameter or Accept header: JSON',
    })
    expect(negotiateFormat('csv', undefined).why).toBe(
      'format=csv is not json, urlencoded or xml: JSON',
    )
  })

  it('XML escapes values and marks nulls nil', () => {
    expect(toXml('OAuth', { error: 'a<b & "c"', empty: null })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><OAuth xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><error>a&lt;b &amp; &quot;c&quot;</error><empty xsi:nil="true"/></OAuth>',
    )
    expect(() => toXml('OAuth', { 'bad name': 'x' })).toThrow()
  })

  it('urlencoded: + for spaces, %21 for !, dotted names for nested objects', () => {
    expect(
      toUrlencoded({ access_token: '00D!x', scope: 'id api', urls: { rest: '/r' }, no: null }),
    ).toBe('access_token=00D%21x&scope=id+api&urls.rest=%2Fr&no=')
  })
})
