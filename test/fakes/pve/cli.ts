// `npm run fake-pve -- [--port 8006] [--nodes pve1,pve2] [--task-ms 150] [--xvnc]`: runs a fake PVE until
// interrupted. With --xvnc it also starts a real VNC server (TigerVNC's Xvnc, as the console tests do) and relays
// every container's noVNC console to it; without, a VNC console closes at once and only xterm.js consoles work.

import { parseArgs } from 'node:util'
import { launchFakePve } from './launch'
import { startXvnc, xvncAvailable, type XvncServer } from '../../helpers/xvnc'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8006' },
    nodes: { type: 'string', default: 'pve1' },
    'task-ms': { type: 'string', default: '150' },
    xvnc: { type: 'boolean', default: false },
  },
})

if (values.xvnc && !xvncAvailable) {
  process.stderr.write('fake PVE: --xvnc needs TigerVNC (apt install tigervnc-standalone-server tigervnc-tools)\n')
  process.exit(2)
}
const xvnc: XvncServer | null = values.xvnc ? await startXvnc() : null
const fake = await launchFakePve(
  {
    nodes: values.nodes.split(','),
    taskDurationMs: Number(values['task-ms']),
    console: xvnc ? { vnc: { host: xvnc.host, port: xvnc.port, passwordFile: xvnc.passwordFile } } : {},
  },
  Number(values.port),
)

process.stdout.write(
  [
    `fake PVE 9.1 listening on ${fake.url}/api2/json`,
    `fingerprint:   ${fake.fingerprint}`,
    `API token:     PVEAPIToken=${fake.rootToken.tokenId}=${fake.rootToken.secret}`,
    `root@pam:      ${fake.rootPassword}`,
    `VNC consoles:  ${xvnc ? `relayed to Xvnc :${xvnc.display} (${xvnc.host}:${xvnc.port})` : 'off (start with --xvnc)'}`,
    'cluster CA (trust this, or pin the fingerprint):',
    fake.caPem.trim(),
    '',
  ].join('\n'),
)

const stop = (): void => {
  void fake
    .close()
    .then(() => xvnc?.stop())
    .then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
