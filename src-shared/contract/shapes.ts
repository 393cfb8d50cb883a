import { z } from 'zod'

export const empty = z.strictObject({})

export const page = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), total: z.number().int() })
