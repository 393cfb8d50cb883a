import { shell } from 'electron'

/**
 * The one place a URL leaves the app for the OS: only http and https, so a link can never launch a local file,
 * a `file:` URL or some other protocol handler. Nothing else calls shell.openExternal (a test checks).
 */
export async function openExternalUrl(url: string): Promise<boolean> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false
  try {
    await shell.openExternal(parsed.href)
    return true
  } catch {
    // No browser registered for the URL: the click simply does nothing.
    return false
  }
}
