// The renderer's MessagePort channel (desktop app) behaves like the WebSocket noVNC and xterm expect.
import { MessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads'
import { describe, expect, it, vi } from 'vitest'
import { PortChannel } from '../../src-renderer/src/components/console/consoleChannel'

function channelPair() {
  const { port1, port2 } = new MessageChannel()
  const channel = new PortChannel(port1 as unknown as MessagePort)
  const received: unknown[] = []
  port2.on('message', (data) => received.push(data))
  return { channel, main: port2 as NodeMessagePort, received }
}

describe('PortChannel', () => {
  it('is open at once and delivers main’s bytes as ArrayBuffers', async () => {
    const { channel, main } = channelPair()
    expect(channel.readyState).toBe('open')
    const messages: Array<ArrayBuffer | string> = []
    channel.onmessage = (event) => messages.push(event.data)
    const bytes = new Uint8Array([0, 1, 2, 3, 4, 5]).subarray(2)
    main.postMessage(bytes)
    main.postMessage('text')
    await vi.waitFor(() => expect(messages).toHaveLength(2))
    expect(new Uint8Array(messages[0] as ArrayBuffer)).toEqual(new Uint8Array([2, 3, 4, 5]))
    expect(messages[1]).toBe('text')
    main.close()
  })

  it('sends exactly the bytes of a view, and text as text', async () => {
    const { channel, main, received } = channelPair()
    channel.send(new Uint8Array([9, 8, 7, 6]).subarray(1, 3))
    channel.send('0:2:ls')
    await vi.waitFor(() => expect(received).toHaveLength(2))
    expect(received[0]).toEqual(new Uint8Array([8, 7]))
    expect(received[1]).toBe('0:2:ls')
    main.close()
  })

  it('reports main’s close with its reason, and its own close later, like a WebSocket', async () => {
    const closedByMain = channelPair()
    const reasons: string[] = []
    closedByMain.channel.onclose = (event) => reasons.push(event.reason)
    closedByMain.main.postMessage({ closed: 'CT 200 is not running' })
    await vi.waitFor(() => expect(reasons).toEqual(['CT 200 is not running']))
    expect(closedByMain.channel.readyState).toBe('closed')

    const closedHere = channelPair()
    const onclose = vi.fn()
    closedHere.channel.onclose = onclose
    closedHere.channel.close()
    expect(onclose).not.toHaveBeenCalled()
    expect(closedHere.channel.readyState).toBe('closing')
    await vi.waitFor(() => expect(onclose).toHaveBeenCalledOnce())
    expect(closedHere.channel.readyState).toBe('closed')
  })
})
