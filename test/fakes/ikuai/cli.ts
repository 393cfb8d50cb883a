// `npm run fake-ikuai -- [--port 8080] [--generation 3|4] [--https] [--username admin] [--password PW]
// [--interfaces wan1,wan2] [--session-ttl-ms 600000]`: runs a fake iKuai router until interrupted.

import { parseArgs } from 'node:util'
import { launchFakeIkuai } from './launch'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    generation: { type: 'string', default: '3' },
    https: { type: 'boolean', default: false },
    username: { type: 'string' },
    password: { type: 'string' },
    interfaces: { type: 'string', default: 'wan1' },
    'session-ttl-ms': { type: 'string' },
  },
})

if (values.generation !== '3' && values.generation !== '4') throw new Error('--generation must be 3 or 4')

const fake = await launchFakeIkuai(
  {
    generation: values.generation === '4' ? 4 : 3,
    https: values.https,
    username: values.username,
    password: values.password,
    interfaces: values.interfaces.split(','),
    sessionTtlMs: values['session-ttl-ms'] === undefined ? undefined : Number(values['session-ttl-ms']),
  },
  Number(values.port),
)

process.stdout.write(
  [
    `fake iKuai (${fake.generation}.x replies) listening on ${fake.url}`,
    `username:    ${fake.username}`,
    `password:    ${fake.password}`,
    ...(fake.fingerprint ? [`fingerprint: ${fake.fingerprint}`] : []),
    '',
  ].join('\n'),
)

const stop = (): void => {
  void fake.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
