// The send pipeline's ports over a session's shadows, read without a live channel: what the CLI, device checks
// and tests have (the ui passes its shadow store's watch instead, which live updates keep current).
import type { ShadowApi } from '../aws/types';
import { matchAnswer } from '../core/answer/answerMatch';
import { readingWatch } from './answerWait';
import { OPERATION_SHADOW, type SendPorts } from './sendPipeline';

export function sessionPorts(shadows: Pick<ShadowApi, 'get' | 'update'>, thing: string, extra: Partial<SendPorts> = {}): SendPorts {
  return { shadows, watch: readingWatch(() => shadows.get(thing, OPERATION_SHADOW)), matchAnswer, ...extra };
}
