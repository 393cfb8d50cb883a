// The built renderer is served from app://proxdesk/ rather than file://, so the page has a real origin of its own
// (file:// pages can read each other and any local file a link points at) and every response carries the CSP.
import { readFile } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import { protocol } from 'electron'
import { RENDERER_CSP } from '../server/staticRenderer'
import { APP_HOST, APP_SCHEME } from './appOrigin'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
}

/** Must run before the app is ready: a standard, secure scheme gets an origin, fetch and the code cache like https. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }])
}

/** The file an app:// URL names, or null for another host or a path (even percent-encoded) that leaves rendererDir. */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  let parsed: URL
  let path: string
  try {
    parsed = new URL(url)
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || path.includes('\0')) return null
  const root = resolve(rendererDir)
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`)
  return file.startsWith(root + sep) ? file : null
}

export async function appResponse(rendererDir: string, url: string): Promise<Response> {
  const file = resolveAppFile(rendererDir, url)
  if (file) {
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': RENDERER_CSP,
          'x-content-type-options': 'nosniff',
        },
      })
    } catch {
      // A folder or a missing file: the same 404 as a refused path, so probing learns nothing.
    }
  }
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } })
}

export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url))
}
