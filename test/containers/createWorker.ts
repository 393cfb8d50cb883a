// A child process for crash.test.ts: starts a container create on the shared database file and then just
// waits, so the test can SIGKILL it at an exact saga step, like a machine losing power.
import pino from 'pino'
import { openDatabase } from '../../src-main/core/db/database'
import { createServices } from '../../src-main/core/services'
import { TEST_KEY } from '../helpers/testServices'

const [dbPath, planId, template] = process.argv.slice(2)
const db = openDatabase(dbPath!)
const services = createServices({ db, secretKey: TEST_KEY, logger: pino({ level: 'silent' }), publicUrl: 'http://127.0.0.1', pveTaskPollMs: 10 })
const result = await services.dispatcher.call(
  'containers.create',
  { plan_id: Number(planId), hostname: 'crashy', password: 'root-password-1', template },
  { ip: null, trustedActor: { id: null, username: 'worker', permission: 'admin' } },
)
process.stdout.write(JSON.stringify(result) + '\n')
setInterval(() => {}, 60_000)
