// `npm run fake-pve -- --xvnc`, as a developer runs it: the printed URL, CA and token are enough to create a
// container and open its noVNC console, which reaches the Xvnc the CLI started; interrupting it stops both.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { portAccepts, xvncAvailable } from '../../helpers/xvnc'
import { createRunningContainer, opened, openConsoleSocket, vncLogin } from './consoleTestClient'
import type { FakePve } from './index'
import { pveTestClient, rootTokenOf, type PveTestClient } from './pveTestClient'

const REPO = join(import.meta.dirname, '../../..')

/** What the CLI prints, read back into the parts of FakePve the test clients use. */
interface Printed {
  fake: FakePve
  xvncPort: number
}

function readBanner(child: ChildProcess): Promise<Printed> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = /listening on (https:\/\/\S+)\/api2\/json/.exec(out)?.[1]
      const token = /API token: +PVEAPIToken=(\S+)=(\S+)/.exec(out)
      const xvncPort = /relayed to Xvnc :\d+ \(127\.0\.0\.1:(\d+)\)/.exec(out)?.[1]
      const caPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(out)?.[0]
      if (url && token && xvncPort && caPem) {
        resolve({ fake: { url, caPem, rootToken: { tokenId: token[1]!, secret: token[2]! } } as FakePve, xvncPort: Number(xvncPort) })
      }
    })
    child.once('exit', (code) => reject(new Error(`fake-pve exited with ${code} before printing its banner:\n${out}`)))
  })
}

describe.skipIf(!xvncAvailable)('npm run fake-pve -- --xvnc', () => {
  let child: ChildProcess
  let printed: Printed
  let client: PveTestClient

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/pve/cli.ts', '--port', '0', '--task-ms', '10', '--xvnc'], {
      cwd: REPO,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    printed = await readBanner(child)
    client = pveTestClient(printed.fake)
  }, 30_000)

  afterAll(async () => {
    await client.close()
    if (child.exitCode === null) child.kill('SIGKILL')
  })

  it('relays a container’s VNC console to the Xvnc it started: VncAuth with the vncproxy password succeeds', async () => {
    await createRunningContainer(client)
    const reply = await client.call('POST', '/nodes/pve1/lxc/105/vncproxy', { params: { websocket: 1 } })
    const proxy = reply.json.data as { ticket: string; port: number; password: string }
    const session = opened(await openConsoleSocket(printed.fake, { vmid: 105, port: proxy.port, ticket: proxy.ticket, as: rootTokenOf(printed.fake) }))
    expect(await vncLogin(session, proxy.password)).toBe(0)
    session.socket.terminate()
  })

  it('stops its Xvnc when interrupted', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(await portAccepts(printed.xvncPort)).toBe(false)
  })
})
