// The termproxy messages the renderer sends, and the checks on the window messages of the port hand-off.
import { describe, expect, it } from 'vitest'
import { isConsoleAttachMessage, termproxyInput, termproxyResize } from '@shared/domain/console'

describe('termproxy protocol', () => {
  it('counts input length in UTF-8 bytes, as PVE parses it', () => {
    expect(termproxyInput('ls\r')).toBe('0:3:ls\r')
    expect(termproxyInput('中文')).toBe('0:6:中文')
    expect(termproxyInput('😀')).toBe('0:4:😀')
  })

  it('sends columns first, with the trailing colon, and never a size below one', () => {
    expect(termproxyResize(120, 40)).toBe('1:120:40:')
    expect(termproxyResize(80.7, 0)).toBe('1:80:1:')
  })

  it('accepts only well-formed port requests from the page', () => {
    expect(isConsoleAttachMessage({ type: 'proxdesk:console-attach', token: 'A'.repeat(32) })).toBe(true)
    expect(isConsoleAttachMessage({ type: 'proxdesk:console-attach', token: 'short' })).toBe(false)
    expect(isConsoleAttachMessage({ type: 'proxdesk:console-attach', token: '../../etc/passwd-xxxxxxxxxx' })).toBe(false)
    expect(isConsoleAttachMessage({ type: 'other', token: 'A'.repeat(32) })).toBe(false)
    expect(isConsoleAttachMessage(null)).toBe(false)
  })
})
