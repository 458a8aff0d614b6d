import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { createRequestHandler } from '@react-router/express'
import compression from 'compression'
import express from 'express'
import { RouterContextProvider, type ServerBuild } from 'react-router'
import { appContextKey, type AppContext } from '#app/lib/app-context.server.ts'
import { clientIpKey } from '#app/lib/request-context.server.ts'

export interface WebServer {
  server: Server
  url: string
  /** Stops taking connections and resolves when in-flight requests have finished. */
  close(timeoutMs?: number): Promise<void>
}

type BuildSource = { kind: 'production'; buildDir: string } | { kind: 'development' }

/** The custom server around React Router's handler: static assets, compression, proxy trust. */
export async function startWebServer(ctx: AppContext, source: BuildSource, listen: { host: string; port: number }): Promise<WebServer> {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', ctx.config.trustProxy)
  app.use(compression())

  let build: ServerBuild | (() => Promise<ServerBuild>)
  let closeVite: (() => Promise<void>) | undefined
  if (source.kind === 'development') {
    const vite = await import('vite')
    const devServer = await vite.createServer({ server: { middlewareMode: true } })
    app.use(devServer.middlewares)
    build = () => devServer.ssrLoadModule('virtual:react-router/server-build') as Promise<ServerBuild>
    closeVite = () => devServer.close()
  } else {
    const clientDir = path.join(source.buildDir, 'client')
    // Fingerprinted files never change: cache for a year. Everything else briefly.
    app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false }))
    app.use(express.static(clientDir, { maxAge: '1h', index: false }))
    build = (await import(path.join(source.buildDir, 'server', 'index.js'))) as ServerBuild
  }

  app.all(
    '/{*splat}',
    createRequestHandler({
      build,
      mode: source.kind === 'development' ? 'development' : 'production',
      getLoadContext: (req) => {
        const context = new RouterContextProvider()
        context.set(appContextKey, ctx)
        context.set(clientIpKey, req.ip ?? 'unknown')
        return context
      },
    }),
  )

  const server = createServer(app)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(listen.port, listen.host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : listen.port
  const url = `http://${listen.host === '0.0.0.0' ? 'localhost' : listen.host}:${port}`

  return {
    server,
    url,
    async close(timeoutMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const timer = setTimeout(() => server.closeAllConnections(), timeoutMs)
      await closed
      clearTimeout(timer)
      await closeVite?.()
    },
  }
}
