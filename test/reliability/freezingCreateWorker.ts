// A child process for crashAfterEachStep: starts a container create on the shared database file and freezes
// itself (SIGSTOP) the moment the journal records `stopAfter` as done, so the test can SIGKILL it at exactly
// that point, like a machine losing power between two steps.
import pino from 'pino'
import { openDatabase } from '../../src-main/core/db/database'
import { createServices } from '../../src-main/core/services'
import { SagaJournal } from '../../src-main/core/containers/sagaJournal'
import { TEST_KEY } from '../helpers/testServices'

const [dbPath, planId, template, stopAfter] = process.argv.slice(2) as [string, string, string, string]

const recordDone = SagaJournal.prototype.done
SagaJournal.prototype.done = function (this: SagaJournal, step: string, position: number) {
  recordDone.call(this, step, position)
  if (step === stopAfter) process.kill(process.pid, 'SIGSTOP')
}

const db = openDatabase(dbPath)
const services = createServices({ db, secretKey: TEST_KEY, logger: pino({ level: 'silent' }), publicUrl: 'http://127.0.0.1', pveTaskPollMs: 10 })
await services.dispatcher.call(
  'containers.create',
  { plan_id: Number(planId), hostname: 'crashy', password: 'root-password-1', template },
  { ip: null, trustedActor: { id: null, username: 'worker', permission: 'admin' } },
)
setInterval(() => {}, 60_000)
