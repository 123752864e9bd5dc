import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { WEB_DIST_DIR } from '../paths.js';
import type { Database } from '../store/schema.js';
import { type RegisteredRoute, registerAuth } from './auth.js';
import { ApiError, errorHandler } from './errors.js';
import { authRoutes } from './routes/auth.js';
import { bedsideRoutes } from './routes/bedside.js';
import { boardRoutes } from './routes/board.js';
import { clinicRoutes } from './routes/clinic.js';
import { consentRoutes } from './routes/consent.js';
import { donorRoutes } from './routes/donor.js';
import { harvestRoutes } from './routes/harvest.js';
import { monitoringRoutes } from './routes/monitoring.js';
import { outboxRoutes } from './routes/outbox.js';
import { patientRoutes } from './routes/patients.js';
import { planRoutes } from './routes/plans.js';
import { portalRoutes } from './routes/portal.js';
import { MAX_UPLOAD_BYTES, preparationRoutes } from './routes/preparation.js';
import { productRoutes } from './routes/products.js';
import { protocolRoutes } from './routes/protocols.js';
import { screeningRoutes } from './routes/screening.js';
import { sessionDayRoutes } from './routes/session-day.js';
import { staffRoutes } from './routes/staff.js';

export interface AppOptions {
  db: Kysely<Database>;
  config: Pick<Config, 'session' | 'inviteHours' | 'loginRatePerMinute' | 'trustProxy' | 'logLevel'>;
  /** Where the built web app lives; the API works without it. */
  webDir?: string;
  /** Where logs go (standard output by default); tests read them to prove no patient data is logged. */
  logStream?: NodeJS.WritableStream;
}

export interface App {
  server: FastifyInstance;
  routes: RegisteredRoute[];
}

const BODY_LIMIT_BYTES = 64 * 1024;

export async function buildApp({ db, config, webDir = WEB_DIST_DIR, logStream }: AppOptions): Promise<App> {
  const server = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      // Logs carry no patient data: the query string (a name searched) and bodies are never logged.
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      },
    },
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler(errorHandler);
  server.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await server.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Mantine sets CSS variables in style attributes
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null, // would break plain-HTTP demo mode on 127.0.0.1
      },
    },
  });
  await server.register(fastifyCookie);
  await server.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2, parts: 3 },
  });
  const routes: RegisteredRoute[] = [];
  registerAuth(server, db, config.session, routes);
  await server.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: () =>
      new ApiError(429, 'rate_limited', 'Too many attempts; wait a minute and try again.'),
  });
  await server.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'CellPath API',
        version: '0.1.0',
        description:
          'Stem cell therapy sessions for regenerative-medicine clinics. Sign in with POST /api/auth/login; the session cookie authenticates every other call.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await server.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });

  const context = { db, config };
  server.register(async (api) => {
    authRoutes(api, context);
    patientRoutes(api, context);
    staffRoutes(api, context);
    clinicRoutes(api, context);
    outboxRoutes(api, context);
    protocolRoutes(api, context);
    screeningRoutes(api, context);
    planRoutes(api, context);
    consentRoutes(api, context);
    preparationRoutes(api, context);
    portalRoutes(api, context);
    sessionDayRoutes(api, context);
    harvestRoutes(api, context);
    productRoutes(api, context);
    bedsideRoutes(api, context);
    monitoringRoutes(api, context);
    boardRoutes(api, context);
    donorRoutes(api, context);
    api.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () =>
      server.swagger(),
    );
  });

  registerWebApp(server, webDir);
  await server.ready();
  return { server, routes };
}

/** Serves the built React app; any non-API path falls back to index.html (client-side routes). */
function registerWebApp(server: FastifyInstance, webDir: string): void {
  const indexFile = join(webDir, 'index.html');
  const hasWeb = existsSync(indexFile);
  if (hasWeb) {
    server.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  }
  server.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return reply.code(404).send({
        error: {
          code: 'not_found',
          message: `No route for ${request.method} ${request.url.split('?')[0]}.`,
        },
      });
    }
    return reply.type('text/html').header('cache-control', 'no-cache').send(readFileSync(indexFile));
  });
}
