// The container detail page in headless Chromium against `proxdesk serve`, the fake PVE and the fake iKuai.
// Needs `npx electron-vite build` first (npm test does it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ContainerView } from '../../src-shared/domain/containers'
import { canRunBrowser, startBrowserWorld, TEMPLATE, type BrowserWorld } from './browserWorld'

const HOUR_MS = 3600_000

describe.skipIf(!canRunBrowser)('container detail page in a browser', () => {
  let world: BrowserWorld
  let page: Page
  let container: ContainerView
  const screenshot = (name: string) => world.screenshot(`detail-${name}`)
  const openTab = async (name: string) => {
    await page.locator(`.n-tabs-tab[data-name="${name}"]`).click()
    await page.waitForURL((url) => (name === 'info' ? !url.hash.includes('tab=') : url.hash.includes(`tab=${name}`)))
    // Let the tab's slide animation finish, so screenshots show one tab.
    await page.waitForTimeout(350)
  }
  /** Presses the positive button of the confirmation dialog that is open. */
  const confirmDialog = async () => {
    const dialog = page.locator('.n-dialog')
    await dialog.locator('.n-dialog__action .n-button--warning-type').click()
    await dialog.waitFor({ state: 'detached' })
  }
  const fakeContainer = () => world.fakePve!.state.containers.get(container.vmid!)!

  beforeAll(async () => {
    world = await startBrowserWorld({ nat: true })
    page = world.page
    const created = await world.call('containers.create', { plan_id: world.seeded!.planId, hostname: 'detail1', password: 'root-password-1', template: TEMPLATE })
    await world.server.services.containers.settled(created.id)
    container = await world.call('containers.get', { id: created.id })
    expect(container.state).toBe('running')
    // The fake's RRD rows only carry figures from the container's creation and start on; pretend both were
    // two hours ago so the hour chart has a full series.
    fakeContainer().createdAt -= 2 * HOUR_MS
    fakeContainer().startedAt = Date.now() - 2 * HOUR_MS
  })

  afterAll(async () => {
    await world?.close()
  })

  it('shows the header and the live status, with 容器 highlighted in the menu', async () => {
    await page.goto(`${world.server.url}/#/containers/${container.id}`)
    await page.locator('[data-test="container-detail"]').waitFor()
    expect(await page.locator('[data-test="detail-hostname"]').textContent()).toBe('detail1')
    expect(await page.locator('[data-test="detail-vmid"]').textContent()).toBe(String(container.vmid))
    await expect.poll(() => page.locator('[data-test="detail-plan"]').textContent()).toBe('nat-small')
    expect(await page.locator('[data-test="detail-state"]').textContent()).toBe('运行中')
    const menuItem = page.locator('.n-menu-item-content', { has: page.locator('[data-menu="containers"]') })
    expect(await menuItem.getAttribute('class')).toContain('n-menu-item-content--selected')

    await page.locator('[data-test="live-status"]').waitFor()
    expect(await page.locator('[data-test="live-cpu"]').textContent()).toMatch(/^\d+(\.\d)?%$/)
    expect(await page.locator('[data-test="live-memory"]').textContent()).toMatch(/MiB \/ 512 MiB$/)
    expect(await page.locator('[data-test="live-disk"]').textContent()).toMatch(/ \/ 8\.0 GiB$/)
    await page.waitForTimeout(300)
    await screenshot('1-info')
  })

  it('shows the parsed network and the disks', async () => {
    await openTab('network')
    const networks = page.locator('[data-test="network-table"] tbody tr')
    await expect.poll(() => networks.first().textContent()).toContain(`${container.ip_address}/28`)
    expect(await networks.first().textContent()).toContain('vmbr0')
    expect(await page.locator('[data-test="nat-entry"]').textContent()).toContain(`nat.example.com:${container.ssh_port}`)
    await screenshot('2-network')

    await openTab('disks')
    const disks = page.locator('[data-test="disks-table"] tbody tr')
    await expect.poll(() => disks.first().textContent()).toContain('local-lvm')
    expect(await disks.first().textContent()).toContain('8.0 GiB')
    await screenshot('3-disks')
  })

  it('takes a snapshot and rolls back to it', async () => {
    await openTab('snapshots')
    await page.locator('[data-test="snapshot-create"]').click()
    const form = page.locator('[data-test="snapshot-form"]')
    await form.locator('input[name="name"]').fill('9-bad')
    await page.locator('[data-test="snapshot-form-submit"]').click()
    await expect.poll(() => form.locator('.n-form-item-feedback__line').first().textContent()).toContain('以字母开头')
    await form.locator('input[name="name"]').fill('before-test')
    await form.locator('textarea[name="description"]').fill('e2e 快照')
    await page.locator('[data-test="snapshot-form-submit"]').click()
    const rows = page.locator('[data-test="snapshots-table"] tbody tr')
    await expect.poll(() => rows.first().textContent()).toContain('before-test')
    expect(await rows.first().textContent()).toContain('e2e 快照')
    expect([...fakeContainer().snapshots.keys()]).toContain('before-test')
    await screenshot('4-snapshot-taken')

    await page.locator('[data-test="snapshot-rollback-before-test"]').click()
    expect(await page.locator('.n-dialog').textContent()).toContain('回滚到 before-test？')
    await confirmDialog()
    await page.getByText('已回滚到 before-test').waitFor()
    await page.locator('[data-test="task-progress"]').waitFor({ state: 'detached' })
    const tasks = await world.call('containers.tasks', { id: container.id })
    expect(tasks.items.some((task) => task.type === 'vzrollback' && task.status === 'OK')).toBe(true)
    await screenshot('5-snapshot-rolled-back')
  })

  it('has the container running again after the rollback, shuts it down and starts it again', async () => {
    // Rolling back stops the CT on Proxmox; proxdesk asks for it to be started again, as it was running.
    await openTab('info')
    await expect.poll(() => fakeContainer().status).toBe('running')
    await screenshot('6-running-after-rollback')

    await page.locator('[data-test="power-shutdown"]').click()
    await page.locator('[data-test="status-stopped"]').waitFor()
    await expect.poll(() => page.locator('[data-test="detail-state"]').textContent()).toBe('已停止')
    expect(fakeContainer().status).toBe('stopped')
    await page.locator('[data-test="power-start"]').click()
    await page.locator('[data-test="status-stopped"]').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('[data-test="detail-state"]').textContent()).toBe('运行中')
    expect(fakeContainer().status).toBe('running')
  })

  it('adds a port mapping from the pool and deletes it again, on the router too', async () => {
    await openTab('nat')
    const rows = page.locator('[data-test="nat-table"] tbody tr')
    // Provisioning already mapped SSH.
    await expect.poll(() => rows.first().textContent()).toContain(`nat.example.com:${container.ssh_port}`)
    const before = await rows.count()

    await page.locator('[data-test="nat-add"]').click()
    const form = page.locator('[data-test="nat-form"]')
    await form.locator('input[name="internal_port"]').fill('8443')
    await form.locator('input[name="purpose"]').fill('web')
    await page.locator('[data-test="nat-form-submit"]').click()
    await expect.poll(() => rows.count()).toBe(before + 1)
    const added = (await world.call('nat.list', { id: container.id })).items.find((mapping) => mapping.internal_port === '8443')!
    expect(added.external_port).toBe(String(container.ssh_port! + 1))
    expect(await rows.last().textContent()).toContain(`nat.example.com:${added.external_port}`)
    const ruleFor = (port: string) => [...world.router!.rules.values()].find((rule) => rule.wan_port === port)
    expect(ruleFor(added.external_port)).toMatchObject({ lan_addr: container.ip_address, lan_port: '8443', protocol: 'tcp', enabled: 'yes' })
    await screenshot('7-nat-added')

    await page.locator(`[data-test="nat-delete-${added.id}"]`).click()
    await confirmDialog()
    await expect.poll(() => rows.count()).toBe(before)
    expect(await page.locator('[data-test="nat-table"]').textContent()).not.toContain(`:${added.external_port}`)
    expect(ruleFor(added.external_port)).toBeUndefined()
    expect(ruleFor(String(container.ssh_port))).toMatchObject({ lan_port: '22' })
    await screenshot('8-nat-deleted')
  })

  it('draws the charts', async () => {
    // Started again by the power test: backdate the start so the whole hour has figures.
    expect(fakeContainer().status).toBe('running')
    fakeContainer().startedAt = Date.now() - 2 * HOUR_MS
    await openTab('charts')
    for (const chart of ['cpu', 'memory', 'disk', 'network']) {
      const drawn = page.locator(`[data-test="rrd-${chart}"] [data-points]`)
      await drawn.waitFor()
      expect(Number(await drawn.getAttribute('data-points'))).toBeGreaterThan(50)
    }
    await page.waitForTimeout(500)
    await screenshot('9-charts')
    // The first series is drawn in ECharts' first palette colour (#5470c6); count canvas pixels close to it.
    const seriesPixels = await page.evaluate(() =>
      ['cpu', 'memory', 'disk', 'network'].map((chart) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`[data-test="rrd-${chart}"] canvas`)!
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
        let count = 0
        for (let i = 0; i < pixels.length; i += 4) {
          if (Math.abs(pixels[i]! - 0x54) < 24 && Math.abs(pixels[i + 1]! - 0x70) < 24 && Math.abs(pixels[i + 2]! - 0xc6) < 24 && pixels[i + 3]! > 200) count += 1
        }
        return count
      }),
    )
    console.log(`series pixels: ${seriesPixels.join(', ')}`)
    for (const count of seriesPixels) expect(count).toBeGreaterThan(100)

    await page.locator('[data-test="rrd-timeframe"] .n-radio-button', { hasText: '1 天' }).click()
    await expect.poll(async () => Number(await page.locator('[data-test="rrd-cpu"] [data-points]').getAttribute('data-points'))).toBeGreaterThan(100)
  })

  it('lists the Proxmox tasks and shows a log', async () => {
    await openTab('tasks')
    const rows = page.locator('[data-test="tasks-table"] tbody tr')
    await expect.poll(() => rows.count()).toBeGreaterThan(2)
    expect(await page.locator('[data-test="tasks-table"]').textContent()).toContain('vzsnapshot')
    await rows.first().locator('[data-test="task-log-open"]').click()
    await expect.poll(() => page.locator('[data-test="task-log"]').textContent()).toMatch(/TASK OK|\S/)
    expect(await page.locator('[data-test="task-log-count"]').textContent()).toMatch(/^已显示 \d+ \/ \d+ 行$/)
    await page.waitForTimeout(300)
    await screenshot('10-task-log')
    await page.keyboard.press('Escape')
  })

  it('shows how to connect, with the console below', async () => {
    await openTab('remote')
    expect(await page.locator('[data-test="ssh-command"]').textContent()).toBe(`ssh root@nat.example.com -p ${container.ssh_port}`)
    await page.locator('[data-test="console-panel"]').waitFor({ state: 'attached' })
    await screenshot('11-remote')
  })

  it('terminates only after the hostname is typed, then goes back to the list', async () => {
    await openTab('info')
    await page.locator('[data-test="terminate"]').click()
    const confirm = page.locator('[data-test="terminate-confirm"]')
    expect(await confirm.isDisabled()).toBe(true)
    await page.locator('input[name="confirm-hostname"]').fill('detail')
    expect(await confirm.isDisabled()).toBe(true)
    await page.locator('input[name="confirm-hostname"]').fill('detail1')
    await page.waitForTimeout(300)
    await screenshot('12-terminate')
    await confirm.click()
    await page.waitForURL(/#\/containers$/)
    await world.server.services.containers.settled(container.id)
    expect((await world.call('containers.get', { id: container.id })).state).toBe('deleted')
    expect([...world.router!.rules.values()]).toEqual([])
  })
})
