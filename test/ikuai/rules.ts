// A rule as the NAT service would add it.
import type { NewDnatRule } from '../../src-main/core/ikuai/ikuaiClient'

export function newRule(overrides: Partial<NewDnatRule> = {}): NewDnatRule {
  return { enabled: true, comment: 'proxdesk:c1:m1:web', interface: 'wan1', lan_addr: '10.0.0.5', protocol: 'tcp', wan_port: '30001', lan_port: '80', src_addr: '', ...overrides }
}
