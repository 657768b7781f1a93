// AWS event-stream framing (application/vnd.amazon.eventstream), encoded with @smithy/core's
// EventStreamCodec: the same frames AWS sends and the SDK reads with `for await`.
import { EventStreamCodec } from '@smithy/core/event-streams';

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf8')),
);

const str = (value: string) => ({ type: 'string' as const, value });

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** One `event` frame whose payload is the event's members as JSON. */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: { ':message-type': str('event'), ':event-type': str(eventType), ':content-type': str('application/json') },
    body: new Uint8Array(Buffer.from(JSON.stringify(payload))),
  });
}

/** A modelled exception in the stream (e.g. SessionTimeoutException), after which the stream ends. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: { ':message-type': str('exception'), ':exception-type': str(exceptionType), ':content-type': str('application/json') },
    body: new Uint8Array(Buffer.from(JSON.stringify({ message }))),
  });
}
