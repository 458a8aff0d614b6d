import { Queue, Worker, createPostgresBackend, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq'
import { Redis } from 'ioredis'

/** Where BullMQ keeps its jobs: Redis when REDIS_URL is set, else PostgreSQL. */
export type QueueBackendConfig =
  | { kind: 'redis'; url: string; prefix: string }
  | { kind: 'postgres'; url: string; prefix: string }

export function createBullQueue(name: string, backend: QueueBackendConfig, opts: Omit<QueueOptions, 'connection'> = {}): Queue {
  if (backend.kind === 'redis') {
    return new Queue(name, { ...opts, prefix: backend.prefix, connection: new Redis(backend.url, { maxRetriesPerRequest: null }) })
  }
  return new Queue(
    name,
    { ...opts, prefix: backend.prefix, connection: { connectionString: backend.url, schema: 'bullmq', migrate: true, max: 4 } },
    createPostgresBackend,
  ) as unknown as Queue
}

export function createBullWorker(
  name: string,
  processor: Processor,
  backend: QueueBackendConfig,
  opts: Omit<WorkerOptions, 'connection'> = {},
): Worker {
  if (backend.kind === 'redis') {
    return new Worker(name, processor, {
      ...opts,
      prefix: backend.prefix,
      connection: new Redis(backend.url, { maxRetriesPerRequest: null }),
    })
  }
  return new Worker(
    name,
    processor,
    { ...opts, prefix: backend.prefix, connection: { connectionString: backend.url, schema: 'bullmq', migrate: true, max: 4 } },
    createPostgresBackend,
  ) as unknown as Worker
}
