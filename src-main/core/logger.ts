import pino from 'pino'

export type Logger = pino.Logger

/** Structured JSON logs; authorization headers and secret-bearing fields are redacted wherever they appear. */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.PROXDESK_LOG_LEVEL ?? 'info',
      base: { app: 'proxdesk' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.proxy_password', '*.token', '*.auth'],
        censor: '[redacted]',
      },
    },
    options.destination,
  )
}
