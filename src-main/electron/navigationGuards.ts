import type { WebContents } from 'electron'
import type { AppOrigin } from './appOrigin'

/**
 * The window only ever shows our own pages. A link elsewhere is handed to the browser (http and https only,
 * through the opener); new windows and <webview>s are never created.
 */
export function guardNavigation(contents: WebContents, origin: AppOrigin, openExternal: (url: string) => unknown): void {
  contents.on('will-navigate', (event, url) => {
    if (origin.isAppUrl(url)) return
    event.preventDefault()
    void openExternal(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!origin.isAppUrl(url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
