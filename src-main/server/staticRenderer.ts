// The built renderer (out/renderer) served at `/`, so the desktop UI also works in a browser against `proxdesk serve`.
// The UI routes with a URL hash, so only real files are served: every other path still reaches the JSON 404.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'

/** Same policy as index.html's <meta>; naive-ui injects its styles at runtime, hence 'unsafe-inline' for styles only. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Where a build put the renderer: beside out/main when bundled, under out/ when running from source (tests). */
export function findRendererDir(): string | null {
  const candidates = [resolve(import.meta.dirname, '../renderer'), resolve(import.meta.dirname, '../../out/renderer')]
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null
}

export const staticRenderer: FastifyPluginAsync<{ rendererDir: string }> = async (app, { rendererDir }) => {
  await app.register(fastifyStatic, {
    root: rendererDir,
    prefix: '/',
    // Routes for the files that exist at start; unknown paths fall through to the API's JSON 404.
    wildcard: false,
    index: 'index.html',
    setHeaders: (reply, path) => {
      reply.header('content-security-policy', RENDERER_CSP)
      reply.header('x-content-type-options', 'nosniff')
      reply.header('referrer-policy', 'no-referrer')
      // Vite fingerprints asset names, so they never change; index.html must always be fetched fresh.
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
}
