// PVE's own console page, for admins who prefer it. Only the desktop app can show it (in a window with its own
// cookie jar); core prepares what that window needs and hands it to the opener the desktop app installs.

/** Everything the window needs; `ticket` is a secret that goes into the isolated session's cookie and nowhere else. */
export interface PveConsolePage {
  connectionId: number
  /** https://host:port, PVE's origin; the cookie is set for it. */
  origin: string
  /** https://host:port/?console=lxc&xtermjs=1&vmid=…&vmname=…&node=… */
  url: string
  ticket: string
  /** Pinned 'AB:CD:…' SHA-256, or null to trust the system CAs. */
  fingerprint: string | null
  title: string
}

export type PveConsolePageOpener = (page: PveConsolePage) => Promise<void>

export function pveConsoleUrl(origin: string, pveNode: string, vmid: number, hostname: string): string {
  const query = new URLSearchParams({ console: 'lxc', xtermjs: '1', vmid: String(vmid), vmname: hostname, node: pveNode })
  return `${origin}/?${query}`
}
