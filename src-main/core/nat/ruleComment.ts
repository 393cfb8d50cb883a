// Every rule proxdesk adds on a router carries this comment, so it can be found again without its row id
// (after a crash, or when someone edited the router by hand).
export const RULE_COMMENT_PREFIX = 'proxdesk:'

export function ruleComment(containerId: number, mappingId: number, purpose: string): string {
  return `${RULE_COMMENT_PREFIX}c${containerId}:m${mappingId}:${purpose}`
}

/** The mapping id a proxdesk comment names, or null for anyone else's rule. */
export function mappingIdOf(comment: string): number | null {
  const match = /^proxdesk:c\d+:m(\d+):/.exec(comment)
  return match ? Number(match[1]) : null
}

export function portText(first: number, last: number): string {
  return first === last ? String(first) : `${first}-${last}`
}
