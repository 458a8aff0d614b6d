import type { Database } from './client.ts'

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
/** A query runs on the pool or inside a transaction. */
export type Executor = Database | Transaction
