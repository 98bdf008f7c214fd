import { TRPCError, tracked } from '@trpc/server';
import type { LiveBatch } from '../realtime/events';
import { LiveStreamClosed } from '../realtime/subscriber';
import { ServiceError } from '../services/kernel/errors';

/**
 * A live stream as a tRPC subscription: each batch becomes a tracked SSE event (its id is what the browser
 * resumes from), and the errors a stream may end with become the TRPCError of the same code. The error
 * middleware cannot do that here: it has returned long before the stream fails.
 */
export async function* trackedStream(source: AsyncGenerator<LiveBatch>) {
  try {
    for await (const batch of source) yield tracked(batch.id, batch.event);
  } catch (error) {
    if (error instanceof LiveStreamClosed || error instanceof ServiceError)
      throw new TRPCError({ code: error.code, message: error.message, cause: error });
    throw error;
  }
}
