// The embedded console in headless Chromium against `proxdesk serve`, the fake PVE's real terminal and a real Xvnc.
// Needs `npx electron-vite build` first (npm test does it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ContainerView } from '../../src-shared/domain/containers'
import { startXvnc, xvncAvailable, type XvncServer } from '../helpers/xvnc'
import { canRunBrowser, startBrowserWorld, TEMPLATE, type BrowserWorld } from './browserWorld'

describe.skipIf(!canRunBrowser || !xvncAvailable)('embedded console in a browser', () => {
  let world: BrowserWorld
  let xvnc: XvncServer
  let page: Page
  let container: ContainerView
  const cspViolations: string[] = []
  const screenshot = (name: string) => world.screenshot(`console-${name}`)
  const status = () => page.locator('[data-test="console-status"]').getAttribute('data-status')
  const terminalText = () => page.locator('[data-test="console-screen"] .xterm-rows').innerText()
  /** Types a command into xterm and returns the screen once `expected` shows. */
  const run = async (command: string, expected: RegExp) => {
    await page.keyboard.type(command)
    await page.keyboard.press('Enter')
    await expect.poll(terminalText, { timeout: 10_000 }).toMatch(expected)
    return terminalText()
  }
  const sttySize = async (): Promise<string> => {
    await run('clear; stty size', /^\d+ \d+$/m)
    return (await terminalText()).match(/^(\d+ \d+)$/m)![1]!
  }

  beforeAll(async () => {
    xvnc = await startXvnc()
    world = await startBrowserWorld({ pve: true, pveOptions: { console: { vnc: { host: xvnc.host, port: xvnc.port, passwordFile: xvnc.passwordFile } } } })
    page = world.page
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text())
    })
    const created = await world.call('containers.create', { plan_id: world.seeded!.planId, hostname: 'console1', password: 'root-password-1', template: TEMPLATE })
    await world.server.services.containers.settled(created.id)
    container = await world.call('containers.get', { id: created.id })
    expect(container.state).toBe('running')
  })

  afterAll(async () => {
    await world?.close()
    await xvnc?.stop()
  })

  it('opens the terminal in the 远程连接 tab and runs a command', async () => {
    await page.goto(`${world.server.url}/#/containers/${container.id}?tab=remote`)
    await page.locator('[data-test="console-panel"]').waitFor()
    await expect.poll(status, { timeout: 15_000 }).toBe('connected')
    expect(await page.locator('[data-test="console-status"]').textContent()).toBe('已连接')
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('# ')
    await page.locator('[data-test="console-screen"] .xterm').click()
    const screen = await run('echo proxdesk-$((6*7))', /^proxdesk-42$/m)
    expect(screen).toContain('echo proxdesk-$((6*7))')
    await screenshot('terminal')
  })

  it('passes a new window size on to the shell', async () => {
    const before = await sttySize()
    await page.setViewportSize({ width: 1000, height: 640 })
    await expect.poll(sttySize, { timeout: 10_000 }).not.toBe(before)
    await page.setViewportSize({ width: 1360, height: 820 })
  })

  it('pastes text into the shell, and reconnects after a disconnect', async () => {
    await page.locator('[data-test="console-paste"]').click()
    await page.locator('[data-test="console-paste-text"] textarea').fill('echo pasted-$((2+3))\n')
    await page.locator('[data-test="console-paste-send"]').click()
    await expect.poll(terminalText, { timeout: 10_000 }).toMatch(/^pasted-5$/m)

    await page.locator('[data-test="console-disconnect"]').click()
    await expect.poll(status).toBe('closed')
    await page.locator('[data-test="console-connect"]').click()
    await expect.poll(status, { timeout: 15_000 }).toBe('connected')
    await page.locator('[data-test="console-screen"] .xterm').click()
    await run('echo again-$((20+22))', /^again-42$/m)
  })

  it('shows the VNC server’s screen on the noVNC canvas', async () => {
    await page.locator('[data-test="console-kind-vnc"]').click()
    await expect.poll(status, { timeout: 15_000 }).toBe('connected')
    const canvas = page.locator('[data-test="console-screen"] canvas')
    await canvas.waitFor()
    const distinctColours = () =>
      canvas.evaluate((element: HTMLCanvasElement) => {
        const context = element.getContext('2d')!
        const { data } = context.getImageData(0, 0, element.width, element.height)
        const colours = new Set<number>()
        for (let offset = 0; offset < data.length; offset += 4 * 97) colours.add((data[offset]! << 16) | (data[offset + 1]! << 8) | data[offset + 2]!)
        return colours.size
      })
    await expect.poll(distinctColours, { timeout: 10_000 }).toBeGreaterThan(1)
    expect(await page.locator('[data-test="console-ctrl-alt-del"]').isEnabled()).toBe(true)
    await screenshot('vnc')
    expect(cspViolations).toEqual([])
  })

  it('says so when the container is stopped', async () => {
    await world.call('containers.power', { id: container.id, action: 'stop' })
    await page.locator('[data-test="console-kind-terminal"]').click()
    await page.locator('[data-test="console-stopped"]').waitFor()
    expect(await page.locator('[data-test="console-stopped"]').textContent()).toContain('容器未运行')
    await screenshot('stopped')
  })
})
