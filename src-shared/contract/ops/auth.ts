import { z } from 'zod'
import { empty } from '../shapes'
import { defineOperation as op } from '../operation'
import * as users from '../../domain/users'

export const authOperations = {
  'auth.login': op({
    summary: 'Log in with username and password; returns a bearer token',
    access: 'public',
    // Any length: legacy passwords predate our rules, and a wrong guess must look like any other.
    input: z.strictObject({
      username: z.string().trim().min(1, 'required').max(64, 'at most 64 characters'),
      password: z.string().min(1, 'required').max(128, 'at most 128 characters'),
    }),
    output: z.strictObject({ token: z.string(), expires_at: z.number().int(), user: users.userView }),
    errors: ['UNAUTHENTICATED', 'THROTTLED'],
    http: { method: 'POST', path: '/api/login' },
  }),
  'auth.logout': op({
    summary: 'End the current session',
    access: 'user',
    input: empty,
    output: z.null(),
    errors: ['UNAUTHENTICATED'],
    http: { method: 'POST', path: '/api/logout', status: 204 },
  }),
}
