// Which URLs are "us": the custom app:// scheme in production, the electron-vite dev server in development.
export const APP_SCHEME = 'app'
export const APP_HOST = 'proxdesk'

export interface AppOrigin {
  /** What the window loads first. */
  startUrl: string
  isAppUrl(url: string): boolean
}

/** `scheme://host[:port]`, also for custom schemes, whose WHATWG `origin` is the opaque "null". */
function schemeAndHost(url: string): string | null {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}

export function appOrigin(devServerUrl: string | undefined): AppOrigin {
  const startUrl = devServerUrl ?? `${APP_SCHEME}://${APP_HOST}/index.html`
  const ours = schemeAndHost(startUrl)
  return { startUrl, isAppUrl: (url) => ours !== null && schemeAndHost(url) === ours }
}
