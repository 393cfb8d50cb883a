// The input side of the termproxy protocol (pve-xtermjs termproxy/src/main.rs), read as a byte stream: several
// messages may share one websocket frame and one message may span frames.
//   0:<LEN>:<DATA>     LEN bytes of terminal input (LEN counts UTF-8 bytes)
//   1:<COLS>:<ROWS>:   resize
//   2                  keep-alive

export type TermInput =
  | { kind: 'data'; bytes: Buffer }
  | { kind: 'resize'; cols: number; rows: number }
  | { kind: 'keepalive' }

export class TermProtocolError extends Error {}

const COLON = 0x3a
/** Longest decimal field termproxy accepts before giving up on a message. */
const MAX_NUMBER_DIGITS = 10

/** The decimal number at `offset` up to the next colon: its value and where the colon is; undefined if incomplete. */
function readNumber(buffer: Buffer, offset: number): { value: number; colonAt: number } | undefined {
  const colonAt = buffer.indexOf(COLON, offset)
  const end = colonAt === -1 ? buffer.length : colonAt
  const digits = buffer.subarray(offset, end).toString('latin1')
  if (!/^\d*$/.test(digits) || digits.length > MAX_NUMBER_DIGITS) throw new TermProtocolError(`bad number '${digits}'`)
  if (colonAt === -1) return undefined
  if (digits === '') throw new TermProtocolError('empty number')
  return { value: Number(digits), colonAt }
}

export class TermInputParser {
  private pending: Buffer = Buffer.alloc(0)

  /** Every message completed by `chunk`; throws TermProtocolError on input termproxy would reject. */
  push(chunk: Buffer): TermInput[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    const messages: TermInput[] = []
    for (;;) {
      const parsed = this.parseOne()
      if (!parsed) return messages
      messages.push(parsed.message)
      this.pending = this.pending.subarray(parsed.length)
    }
  }

  private parseOne(): { message: TermInput; length: number } | undefined {
    const buffer = this.pending
    if (buffer.length === 0) return undefined
    const type = buffer[0]
    if (type === 0x32) return { message: { kind: 'keepalive' }, length: 1 }
    if (type !== 0x30 && type !== 0x31) throw new TermProtocolError(`unknown message type '${String.fromCharCode(type!)}'`)
    if (buffer.length < 2) return undefined
    if (buffer[1] !== COLON) throw new TermProtocolError('missing colon after message type')
    const first = readNumber(buffer, 2)
    if (!first) return undefined
    if (type === 0x30) {
      const start = first.colonAt + 1
      const end = start + first.value
      if (buffer.length < end) return undefined
      return { message: { kind: 'data', bytes: Buffer.from(buffer.subarray(start, end)) }, length: end }
    }
    const second = readNumber(buffer, first.colonAt + 1)
    if (!second) return undefined
    return { message: { kind: 'resize', cols: first.value, rows: second.value }, length: second.colonAt + 1 }
  }
}
