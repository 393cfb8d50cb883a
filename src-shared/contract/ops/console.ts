import { z } from 'zod'
import { defineOperation as op } from '../operation'
import * as consoles from '../../domain/console'
import { idInput } from '../../domain/users'

const admin = ['UNAUTHENTICATED', 'FORBIDDEN'] as const
const upstream = ['UPSTREAM_ERROR', 'UPSTREAM_AUTH', 'UPSTREAM_UNREACHABLE', 'UPSTREAM_TIMEOUT', 'CERTIFICATE_MISMATCH'] as const

export const consoleOperations = {
  'containers.console': op({
    summary:
      'Open a console of a running container on PVE; answers with a one-time token (about 30 s) for the WebSocket at websocket_path (in the desktop app: for the console MessagePort)',
    access: 'admin',
    input: consoles.openConsoleInput,
    output: consoles.consoleSession,
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'POST', path: '/api/containers/{id}/console' },
  }),
  'containers.openPveConsole': op({
    summary: "Open PVE's own console page for the container in a separate window with its own session (desktop app only; needs the connection's username and password)",
    access: 'admin',
    input: idInput,
    output: z.null(),
    errors: [...admin, 'NOT_FOUND', 'CONFLICT', ...upstream],
    http: { method: 'POST', path: '/api/containers/{id}/pve-console', status: 204 },
    transports: ['ipc'],
  }),
}
