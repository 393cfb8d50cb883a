// The baseline for the auth benchmark: node:http reading each request body and answering one constant JSON
// body, in a process of its own like the real server. Prints a pino-style line with its URL once listening.
import { createServer } from 'node:http'

const BODY = JSON.stringify({ ok: true, id: 'baseline' })

const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(BODY) })
    response.end(BODY)
  })
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (typeof address !== 'object' || !address) throw new Error('no address')
  process.stdout.write(`${JSON.stringify({ msg: 'bare server listening', url: `http://127.0.0.1:${address.port}` })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
