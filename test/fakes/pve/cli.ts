// `npm run fake-pve -- [--port 8006] [--nodes pve1,pve2] [--task-ms 150]`: runs a fake PVE until interrupted.

import { parseArgs } from 'node:util'
import { launchFakePve } from './launch'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8006' },
    nodes: { type: 'string', default: 'pve1' },
    'task-ms': { type: 'string', default: '150' },
  },
})

const fake = await launchFakePve(
  { nodes: values.nodes.split(','), taskDurationMs: Number(values['task-ms']) },
  Number(values.port),
)

process.stdout.write(
  [
    `fake PVE 9.1 listening on ${fake.url}/api2/json`,
    `fingerprint:   ${fake.fingerprint}`,
    `API token:     PVEAPIToken=${fake.rootToken.tokenId}=${fake.rootToken.secret}`,
    `root@pam:      ${fake.rootPassword}`,
    'cluster CA (trust this, or pin the fingerprint):',
    fake.caPem.trim(),
    '',
  ].join('\n'),
)

const stop = (): void => {
  void fake.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
