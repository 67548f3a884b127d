import type { FastifyInstance } from 'fastify';

/**
 * The internal job worker: every `intervalMs`, claim and run due timers and built-in jobs until none are left.
 * Passes never overlap; an error is logged and the next pass tries again (claims of a crashed pass expire).
 */
export function startWorker(app: FastifyInstance, intervalMs = 1000): () => Promise<void> {
  let running: Promise<void> | undefined;
  let stopped = false;
  let sweptAt = 0;
  const pass = async () => {
    try {
      while (!stopped && (await app.services.jobs.runDue(20)) > 0) {
        // keep going while there is due work
      }
      // Housekeeping once a minute: pending offers past their time become expired in the database too (reads
      // already treat them as expired), so inbox counts and reports agree.
      if (!stopped && Date.now() - sweptAt >= 60_000) {
        sweptAt = Date.now();
        const expired = await app.services.collaboration?.offers.expireDue();
        if (expired) app.log.info({ expired }, 'offers expired');
      }
    } catch (error) {
      app.log.error({ err: error }, 'job worker pass failed');
    }
  };
  const timer = setInterval(() => {
    if (!running) running = pass().finally(() => { running = undefined; });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
