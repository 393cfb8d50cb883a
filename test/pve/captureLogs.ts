// A debug-level logger whose JSON lines the test can read.
import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../../src-main/core/logger'

export function captureLogs(): { logger: Logger; lines: () => Array<Record<string, unknown>>; text: () => string } {
  const chunks: string[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  const logger = createLogger({ level: 'debug', destination })
  const text = () => chunks.join('')
  return { logger, text, lines: () => text().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) }
}
