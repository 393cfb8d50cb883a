import { defineOperation as op } from '../operation'
import * as audit from '../../domain/audit'
import { page } from '../shapes'

export const auditOperations = {
  'audit.list': op({
    summary: 'Page through the audit log, newest first',
    access: 'admin',
    input: audit.listAuditInput,
    output: page(audit.auditEntry),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
    http: { method: 'GET', path: '/api/audit' },
  }),
}
