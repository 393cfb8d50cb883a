import { describe, expect, it } from 'vitest'
import { canonicalIp } from '../../src-shared/ip'

describe('canonicalIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0000:0000:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0:1:0:0:0:0', '2001:db8:0:1::'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['2001:db8:0:2:3:4:5:6', '2001:db8:0:2:3:4:5:6'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected)
  })

  it.each(['256.0.0.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '2001:db8:::1', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', '', 'localhost', '::ffff:300.1.1.1'])(
    'rejects %s',
    (input) => {
      expect(canonicalIp(input)).toBeNull()
    },
  )
})
