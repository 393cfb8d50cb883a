// Linking a node group's address record to the container it runs in, in headless Chromium against `proxdesk serve`
// and the fake PVE. Needs `npx electron-vite build` first (npm test does it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { ContainerView } from '../../src-shared/domain/containers'
import type { NodeAdminView } from '../../src-shared/domain/nodes'
import { canRunBrowser, startBrowserWorld, TEMPLATE, type BrowserWorld } from './browserWorld'

const GROUP = 'hy2-e2e'

describe.skipIf(!canRunBrowser)('node record linked to a container in a browser', () => {
  let world: BrowserWorld
  let page: Page
  let hy2: ContainerView
  let web: ContainerView
  let record: NodeAdminView
  const screenshot = (name: string) => world.screenshot(`node-link-${name}`)
  const cell = () => page.locator(`[data-test="record-container-cell-${record.id}"]`)
  const linkedId = async () => ((await world.call('nodes.list', { server_group: GROUP })).items[0] as NodeAdminView).container_id

  async function createContainer(hostname: string): Promise<ContainerView> {
    const created = await world.call('containers.create', { plan_id: world.seeded!.planId, hostname, password: 'root-password-1', template: TEMPLATE })
    await world.server.services.containers.settled(created.id)
    return world.call('containers.get', { id: created.id })
  }

  async function openGroup(): Promise<void> {
    await page.goto(`${world.server.url}/#/node-groups`)
    await page.locator('[data-test="groups-table"] .n-data-table-expand-trigger').first().click()
    await cell().waitFor()
  }

  beforeAll(async () => {
    world = await startBrowserWorld({ pve: true })
    page = world.page
    web = await createContainer('web-node-2')
    hy2 = await createContainer('hy2-node-1')
    expect(hy2.state).toBe('running')
    record = await world.call('nodes.create', { server_group: GROUP, ip_address: hy2.ip_address!, salamander: 'e2e-salamander' })
  })

  afterAll(async () => {
    await world?.close()
  })

  it('links the record to the container holding its IP, offered first and preselected', async () => {
    await openGroup()
    expect(await cell().textContent()).toBe('—')

    await page.locator(`[data-test="record-link-${record.id}"]`).click()
    const modal = page.locator('[data-test="container-link-modal"]')
    await modal.waitFor()
    await expect.poll(() => modal.locator('.n-base-selection').textContent()).toContain('hy2-node-1')

    await modal.locator('.n-base-selection').click()
    const choices = page.locator('.n-base-select-option')
    await expect.poll(() => choices.count()).toBe(2)
    expect(await choices.nth(0).textContent()).toContain('hy2-node-1')
    expect(await choices.nth(0).textContent()).toContain('同 IP')
    expect(await choices.nth(1).textContent()).toContain('web-node-2')
    await page.waitForTimeout(300)
    await screenshot('1-choices')

    // A search narrows the list to what the server found, the current choice kept so the select still names it.
    await page.keyboard.type('web-node')
    await expect.poll(() => choices.allTextContents()).toEqual([expect.stringContaining('hy2-node-1'), expect.stringContaining('web-node-2')])
    await choices.filter({ hasText: 'hy2-node-1' }).click()
    await page.locator('[data-test="container-link-submit"]').click()
    await modal.waitFor({ state: 'detached' })

    await expect.poll(() => cell().locator('[data-test="record-container"]').textContent()).toBe('hy2-node-1')
    expect(await cell().locator('[data-state]').textContent()).toBe('运行中')
    expect(await linkedId()).toBe(hy2.id)
    expect(web.ip_address).not.toBe(hy2.ip_address)
    await page.waitForTimeout(300)
    await screenshot('2-linked')
  })

  it('opens the container page from the hostname', async () => {
    await cell().locator('[data-test="record-container"]').click()
    await page.waitForURL((url) => url.hash === `#/containers/${hy2.id}`)
    await expect.poll(() => page.locator('[data-test="detail-hostname"]').textContent()).toBe('hy2-node-1')
    await screenshot('3-container-page')
  })

  it('unlinks after a confirmation', async () => {
    await openGroup()
    await expect.poll(() => cell().textContent()).toContain('hy2-node-1')
    await page.locator(`[data-test="record-unlink-${record.id}"]`).click()
    const confirm = page.locator('.n-popconfirm')
    await confirm.waitFor()
    expect(await confirm.textContent()).toContain(`解除 ${hy2.ip_address} 与容器 hy2-node-1 的关联？`)
    await page.waitForTimeout(300)
    await screenshot('4-unlink-confirm')
    await confirm.locator('.n-button--primary-type').click()
    await expect.poll(() => cell().textContent()).toBe('—')
    expect(await linkedId()).toBeNull()
    await screenshot('5-unlinked')
  })
})
