import { z } from 'zod'
import { defineOperation as op } from '../operation'
import * as users from '../../domain/users'
import * as proxy from '../../domain/proxy'
import { empty, page } from '../shapes'

export const userOperations = {
  'users.me': op({
    summary: 'The logged-in user',
    access: 'user',
    input: empty,
    output: users.userView,
    errors: ['UNAUTHENTICATED'],
    http: { method: 'GET', path: '/api/users/me' },
  }),
  'users.rotateMySubToken': op({
    summary: 'Replace the logged-in user’s subscription token; the old link stops working',
    access: 'user',
    input: empty,
    output: proxy.subTokenOutput,
    errors: ['UNAUTHENTICATED'],
    http: { method: 'POST', path: '/api/users/me/sub-token' },
  }),
  'users.list': op({
    summary: 'Page through users',
    access: 'admin',
    input: users.listUsersInput,
    output: page(users.userView),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/users' },
  }),
  'users.get': op({
    summary: 'One user',
    access: 'admin',
    input: users.idInput,
    output: users.userView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/users/{id}' },
  }),
  'users.create': op({
    summary: 'Create a user (or import a legacy one by login_password_md5); returns its proxy secrets once',
    access: 'admin',
    input: users.createUserInput,
    output: users.userWithSecrets,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
    http: { method: 'POST', path: '/api/users', status: 201 },
  }),
  'users.update': op({
    summary: 'Change some fields of a user',
    access: 'admin',
    input: users.updateUserInput,
    output: users.userView,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'PUT', path: '/api/users/{id}' },
  }),
  'users.delete': op({
    summary: 'Delete a user and end its sessions',
    access: 'admin',
    input: users.idInput,
    output: z.null(),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    http: { method: 'DELETE', path: '/api/users/{id}', status: 204 },
  }),
  'users.rotateSubToken': op({
    summary: 'Replace a user’s subscription token',
    access: 'admin',
    input: users.idInput,
    output: proxy.subTokenOutput,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'POST', path: '/api/users/{id}/sub-token' },
  }),
  'users.proxyConfig': op({
    summary: 'A user’s proxy configuration, as that user would get it',
    access: 'admin',
    input: users.idInput,
    output: proxy.proxyConfig,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
    http: { method: 'GET', path: '/api/users/{id}/proxy-config' },
  }),
}
