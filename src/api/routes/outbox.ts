import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.js';

/** Staff view of the reminders outbox (filled in with the outbox worker). */
export function outboxRoutes(_app: FastifyInstance, _context: AppContext): void {}
