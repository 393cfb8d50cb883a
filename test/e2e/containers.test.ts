// The Containers screen in a browser: the create wizard against the fake PVE and iKuai (NAT plan), its live saga
// steps, the SSH mapping in the list, and a bulk power action. Needs `npx electron-vite build` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { canRunBrowser, startBrowserWorld, type BrowserWorld } from './browserWorld'

describe.skipIf(!canRunBrowser)('containers screen in a browser', () => {
  let world: BrowserWorld
  let page: Page

  beforeAll(async () => {
    world = await startBrowserWorld({ nat: true })
    page = world.page
  })

  afterAll(async () => {
    await world?.close()
  })

  const wizard = () => page.locator('[data-test="container-wizard"]')
  const rows = () => page.locator('[data-test="containers-table"] tbody tr')
  const stepStatuses = () => page.locator('[data-test="saga-steps"] [data-step]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-step')}:${item.getAttribute('data-status')}`))

  it('creates a NAT container with the wizard, previewing its allocation and following the saga until it runs', async () => {
    await page.locator('[data-menu="containers"]').click()
    await page.waitForURL(/#\/containers/)
    await page.locator('[data-test="containers-empty"]').waitFor()

    await page.locator('[data-test="container-create"]').click()
    // One connection, node, plan and template: each is picked for us.
    await expect.poll(() => wizard().locator('[data-test="wizard-plan"]').textContent()).toContain('nat-small')
    await wizard().locator('[data-test="wizard-next"]').click()
    await expect.poll(() => wizard().locator('[data-test="wizard-template"]').textContent()).toContain('debian-12-standard')
    await wizard().locator('[data-test="wizard-next"]').click()

    // The shared schema's messages appear next to the field, in Chinese.
    await wizard().locator('input[name="hostname"]').fill('Bad_Host!')
    await wizard().locator('[data-test="wizard-next"]').click()
    await expect.poll(() => wizard().locator('.n-form-item-feedback').allTextContents()).toEqual(
      expect.arrayContaining(['只能包含字母、数字和连字符（DNS 名称）', '至少 8 个字符']),
    )
    await world.screenshot('containers-0-wizard-validation')
    await wizard().locator('input[name="hostname"]').fill('web-e2e')
    await wizard().locator('[data-test="wizard-generate"]').click()
    expect(await wizard().locator('input[name="root-password"]').inputValue()).toHaveLength(20)
    await wizard().locator('[data-test="wizard-owner"] input').fill('acme')
    await wizard().locator('[data-test="wizard-next"]').click()

    await expect.poll(() => wizard().locator('[data-test="preview-ssh"]').textContent()).toBe('nat.example.com:20000')
    expect(await wizard().locator('[data-test="preview-vmid"]').textContent()).toBe('200')
    expect(await wizard().locator('[data-test="preview-ip"]').textContent()).toBe('10.0.0.2/28')
    await page.waitForTimeout(300)
    await world.screenshot('containers-1-wizard-review')

    await wizard().locator('[data-test="wizard-create"]').click()
    await wizard().locator('[data-test="saga-steps"]').waitFor()
    // The fake PVE takes 150 ms per task, so the saga is caught part-way at least once.
    await expect.poll(stepStatuses).toContain('allocate_vmid:done')
    await world.screenshot('containers-2-saga-in-progress')
    await wizard().locator('[data-test="wizard-succeeded"]').waitFor({ timeout: 15_000 })
    expect(await stepStatuses()).toEqual(['allocate_vmid:done', 'allocate_ip:done', 'create_pve_user:done', 'create_ct:done', 'start_ct:done', 'map_ssh:done'])
    expect(await wizard().locator('[data-test="wizard-succeeded"]').textContent()).toContain('nat.example.com:20000')
    await page.waitForTimeout(300)
    await world.screenshot('containers-3-saga-done')
  })

  it('lists the container with its SSH mapping', async () => {
    await page.keyboard.press('Escape')
    await expect.poll(() => rows().count()).toBe(1)
    const row = rows().first()
    await expect.poll(() => row.locator('[data-state]').getAttribute('data-state')).toBe('running')
    expect(await row.locator('[data-test="container-ssh"]').textContent()).toMatch(/^nat\.example\.com:200\d\d$/)
    expect(await row.textContent()).toContain('web-e2e')
    expect(await row.textContent()).toContain('nat-small')
    expect(await row.textContent()).toContain('acme')
    await page.waitForTimeout(300)
    await world.screenshot('containers-4-list')
  })

  async function bulkPower(label: string, expectedState: string, screenshot?: string): Promise<void> {
    await page.locator('[data-test="containers-bulk-power"]').click()
    await page.locator('.n-dropdown-option', { hasText: label }).click()
    const modal = page.locator('[data-test="bulk-power"]')
    await modal.locator('[data-test="bulk-run"]').click()
    await expect.poll(() => modal.locator('[data-test="bulk-summary"]').textContent(), { timeout: 15_000 }).toBe('成功 1 个，失败 0 个')
    expect(await modal.locator('[data-result]').getAttribute('data-result')).toBe('ok')
    if (screenshot) await world.screenshot(screenshot)
    await modal.locator('[data-test="bulk-close"]').click()
    await expect.poll(() => rows().first().locator('[data-state]').getAttribute('data-state')).toBe(expectedState)
  }

  it('force-stops and starts the checked container in bulk', async () => {
    await rows().first().locator('.n-checkbox').click()
    await expect.poll(() => page.locator('[data-test="containers-selected"]').textContent()).toBe('已选 1 个')
    await bulkPower('强制停止', 'stopped')
    const { id } = (await world.call('containers.list', {})).items[0]!
    expect((await world.call('containers.get', { id })).state).toBe('stopped')
    expect(world.fakePve!.state.containers.get(200)!.status).toBe('stopped')

    await bulkPower('开机', 'running', 'containers-5-bulk-start-done')
    expect(world.fakePve!.state.containers.get(200)!.status).toBe('running')
  })
})
