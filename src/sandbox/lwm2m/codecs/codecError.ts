// The one error every LwM2M codec throws for input it cannot take: the device's payload (or a record the server
// wants to encode) is wrong, and the message says what and where — bounded in length, device text quoted inertly,
// raw bytes never dumped.

const MAX_MESSAGE = 300;

export class CodecError extends Error {
  override readonly name = 'CodecError';
  /** The content format (FORMATS.*) being decoded or encoded. */
  readonly format: number;

  constructor(format: number, message: string) {
    super(message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE - 1) + '…' : message);
    this.format = format;
  }
}

/** A device-provided string as it may appear in an error message: quoted, escaped, at most 40 characters. */
export function quoted(text: string): string {
  const cut = text.length > 40 ? text.slice(0, 40) : text;
  // JSON.stringify escapes quotes, backslashes and control characters; bidi controls are escaped too.
  const q = JSON.stringify(cut).replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > 40 ? q.slice(0, -1) + '…"' : q;
}
