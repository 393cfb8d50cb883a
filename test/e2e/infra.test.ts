// Pools, plans and connections (PVE and iKuai) in headless Chromium against a real `proxdesk serve` with the fake PVE
// and the fake iKuai. Needs `npx electron-vite build` first (npm test does it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { canRunBrowser, startBrowserWorld, TEMPLATE, type BrowserWorld } from './browserWorld'

describe.skipIf(!canRunBrowser)('infrastructure screens in a browser', () => {
  let world: BrowserWorld
  let page: Page

  beforeAll(async () => {
    world = await startBrowserWorld({ nat: true })
    page = world.page
  })

  afterAll(async () => {
    await world?.close()
  })

  async function open(route: 'pools' | 'plans' | 'connections'): Promise<void> {
    await page.locator(`[data-menu="${route}"]`).click()
    await page.waitForURL(new RegExp(`#/${route}`))
  }

  async function pickOption(select: string, label: string): Promise<void> {
    await page.locator(`[data-test="${select}"]`).click()
    await page.locator('.n-base-select-option', { hasText: label }).first().click()
  }

  it('creates a port pool and shows its usage', async () => {
    await open('pools')
    const table = page.locator('[data-test="pools-table"]')
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3)
    await page.locator('[data-test="pool-create"]').click()
    const form = page.locator('[data-test="pool-form"]')
    await page.locator('[data-test="pool-kind-port"]').click()
    await form.locator('input[name="name"]').fill('e2e-ports')
    await form.locator('input[name="first"]').fill('70000')
    await form.locator('input[name="last"]').fill('30009')
    await page.locator('[data-test="pool-form-submit"]').click()
    // The contract's own rule, in Chinese, next to the field; nothing was sent.
    await expect.poll(() => form.locator('.n-form-item-feedback__line').allTextContents()).toContain('不能大于 65535')
    await world.screenshot('infra-1-pool-validation')
    await form.locator('input[name="first"]').fill('30000')
    await page.locator('[data-test="pool-form-submit"]').click()
    const row = table.locator('tbody tr', { hasText: 'e2e-ports' })
    await expect.poll(() => row.locator('[data-test="pool-usage-text"]').textContent()).toBe('已用 0 / 共 10')
    expect(await row.textContent()).toContain('30000 – 30009')
    const seededRow = table.locator('tbody tr', { hasText: 'lan' })
    expect(await seededRow.locator('[data-test="pool-usage"]').count()).toBe(1)
    await page.waitForTimeout(300)
    await world.screenshot('infra-2-pools')
  })

  it('adds a PVE connection, shows its certificate, pins it and lists the nodes', async () => {
    const fakePve = world.fakePve!
    await open('connections')
    await expect.poll(() => page.locator('[data-test="connections-table"] tbody tr', { hasText: 'lab' }).count()).toBe(1)
    await page.locator('[data-test="connection-create"]').click()
    const form = page.locator('[data-test="connection-form"]')
    await form.locator('input[name="name"]').fill('lab-two')
    await form.locator('input[name="base_url"]').fill(fakePve.url)
    await form.locator('input[name="token_id"]').fill(fakePve.rootToken.tokenId)
    await form.locator('input[name="token_secret"]').fill(fakePve.rootToken.secret)
    await page.locator('[data-test="connection-form-submit"]').click()
    // A new connection is tested at once: the certificate is shown, not yet trusted.
    const test = page.locator('[data-test="connection-test"]')
    await expect.poll(() => test.locator('[data-test="test-fingerprint"]').textContent()).toBe(fakePve.fingerprint)
    expect(await test.locator('[data-test="test-trust"]').textContent()).toBe('尚未信任')
    expect(await test.locator('[data-test="test-version"]').count()).toBe(0)
    await page.waitForTimeout(300)
    await world.screenshot('infra-3-connection-certificate')
    await test.locator('[data-test="accept-fingerprint"]').click()
    await expect.poll(() => test.locator('[data-test="test-trust"]').textContent()).toBe('已固定且一致')
    await expect.poll(() => test.locator('[data-test="test-version"]').textContent()).toMatch(/\d/)
    const nodes = await test.locator('[data-test="test-nodes"] .n-tag').allTextContents()
    expect(nodes.length).toBeGreaterThan(0)
    expect(nodes).toContain('pve1')
    await page.waitForTimeout(300)
    await world.screenshot('infra-4-connection-pinned')
    const saved = (await world.call('connections.list', {})).items.find((connection) => connection.name === 'lab-two')!
    expect(saved.fingerprint).toBe(fakePve.fingerprint)
    expect(saved.has_token_secret).toBe(true)
    await page.keyboard.press('Escape')
    await test.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="connections-table"] tbody tr', { hasText: 'lab-two' })
    await expect.poll(() => row.textContent()).toContain(fakePve.fingerprint.slice(0, 23))
    // The page never received the secret, so it cannot show it anywhere.
    expect(await page.content()).not.toContain(fakePve.rootToken.secret)
    await world.screenshot('infra-5-connections')
  })

  it('creates a plan through the drawer', async () => {
    await open('plans')
    const table = page.locator('[data-test="plans-table"]')
    await expect.poll(() => table.locator('tbody tr', { hasText: 'nat-small' }).count()).toBe(1)
    await page.locator('[data-test="plan-create"]').click()
    const form = page.locator('[data-test="plan-form"]')
    await form.locator('input[name="name"]').fill('e2e-plan')
    await form.locator('input[name="pve_node"]').fill('pve1')
    await pickOption('plan-ip-pool', 'lan')
    await pickOption('plan-vmid-pool', 'ids')
    await page.locator('[data-test="plan-mode-nat"]').click()
    await form.locator('[data-test="plan-templates"] input').first().fill(TEMPLATE)
    await page.locator('[data-test="plan-form-submit"]').click()
    const routerFeedback = form.locator('[data-test="plan-field-router_id"] .n-form-item-feedback__line')
    await expect.poll(() => routerFeedback.textContent()).toBe('NAT 模式下必填')
    await page.waitForTimeout(400)
    await world.screenshot('infra-6-plan-nat-rules')
    await pickOption('plan-router', 'edge')
    await pickOption('plan-port-pool', 'e2e-ports')
    await page.locator('[data-test="plan-form-submit"]').click()
    const row = table.locator('tbody tr', { hasText: 'e2e-plan' })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('e2e-ports')
    const plan = (await world.call('plans.list', {})).items.find((candidate) => candidate.name === 'e2e-plan')!
    expect(plan).toMatchObject({ network_mode: 'nat', pve_node: 'pve1', templates: [TEMPLATE] })
    await page.waitForTimeout(300)
    await world.screenshot('infra-7-plans')
  })

  it('reconciles the router with the database and repairs it', async () => {
    const router = world.router!
    const seeded = world.seeded!
    const container = await world.call('containers.create', { plan_id: seeded.planId, hostname: 'nat-e2e', password: 'root-password-1', template: TEMPLATE })
    await world.server.services.containers.settled(container.id)
    await world.call('nat.add', { id: container.id, purpose: 'web', internal_port: 80 })
    const ours = [...router.rules.values()].filter((rule) => rule.comment.startsWith('proxdesk:'))
    expect(ours.length).toBeGreaterThan(0)
    const web = ours.find((rule) => rule.comment.endsWith(':web'))!
    const ssh = ours.find((rule) => rule.comment.endsWith(':ssh'))!
    router.rules.delete(web.id)
    router.rules.set(ssh.id, { ...ssh, lan_port: '2222' })
    router.rules.set(9001, { id: 9001, enabled: 'yes', comment: 'proxdesk:c999:m999:web', interface: 'wan1', lan_addr: '10.0.0.99', protocol: 'tcp', wan_port: '20099', lan_port: '80', src_addr: '' })

    await open('connections')
    await page.locator('.n-tabs-tab', { hasText: '爱快路由器' }).click()
    const row = page.locator('[data-test="routers-table"] tbody tr', { hasText: 'edge' })
    await row.locator('[data-test="router-reconcile"]').click()
    const report = page.locator('[data-test="reconcile"]')
    await expect.poll(() => report.locator('[data-test="reconcile-missing"] tbody tr').count()).toBe(1)
    expect(await report.locator('[data-test="reconcile-missing"]').textContent()).toContain(`#${container.id}`)
    expect(await report.locator('[data-test="reconcile-orphaned"] tbody tr').count()).toBe(1)
    expect(await report.locator('[data-test="reconcile-orphaned"]').textContent()).toContain('10.0.0.99:80')
    expect(await report.locator('[data-test="reconcile-changed"]').textContent()).toContain('内网端口：路由器上为 2222，应为 22')
    expect(await report.locator('[data-test="reconcile-clean"]').count()).toBe(0)
    await page.waitForTimeout(300)
    await world.screenshot('infra-8-reconcile-diff')

    await report.locator('[data-test="reconcile-repair"]').click()
    await page.locator('.n-dialog .n-button--warning-type').click()
    await expect.poll(() => report.locator('[data-test="reconcile-clean"]').count()).toBe(1)
    expect(await report.locator('[data-test="reconcile-missing"]').count()).toBe(0)
    expect(router.rules.has(9001)).toBe(false)
    expect([...router.rules.values()].some((rule) => rule.comment === web.comment)).toBe(true)
    expect([...router.rules.values()].find((rule) => rule.comment === ssh.comment)?.lan_port).toBe('22')
    await page.waitForTimeout(300)
    await world.screenshot('infra-9-reconcile-clean')
  })

  it('shows pools in use after a container took addresses and ports', async () => {
    await page.keyboard.press('Escape')
    await open('pools')
    const ports = page.locator('[data-test="pools-table"] tbody tr', { hasText: 'wan-ports' })
    await expect.poll(() => ports.locator('[data-test="pool-usage-text"]').textContent()).toBe('已用 2 / 共 100')
    await ports.locator('[data-test="pool-allocations-open"]').click()
    const allocations = page.locator('[data-test="pool-allocations"]')
    await expect.poll(() => allocations.locator('tbody tr').count()).toBe(2)
    expect(await allocations.textContent()).toContain('20000')
    await page.waitForTimeout(300)
    await world.screenshot('infra-10-pool-allocations')
    await page.keyboard.press('Escape')
  })

  it('names audit events in Chinese and keeps the raw kind', async () => {
    await page.locator('[data-menu="audit"]').click()
    const kinds = page.locator('[data-test="audit-kind"]')
    await expect.poll(() => kinds.count()).toBeGreaterThan(0)
    const repair = page.locator('[data-test="audit-kind"][data-kind="nat.repair"]')
    await expect.poll(() => repair.count()).toBe(1)
    expect(await repair.textContent()).toBe('修复路由器规则')
    await world.screenshot('infra-11-audit')
  })
})
