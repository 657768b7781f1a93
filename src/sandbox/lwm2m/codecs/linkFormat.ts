// CoRE link format (content format 40, RFC 6690) as LwM2M uses it: the Register/Update payload
// (`</>;rt="oma.lwm2m";ct=110,</1>;ver=1.1,</1/0>,…`) and Discover answers (`</3/0/1>;pmin=10`). Values may be
// quoted (with backslash escapes, and then may hold ',' and ';') or bare; whitespace after ',' and around ';' is
// tolerated, as some clients send it.
import { CodecError, quoted } from './codecError';
import { checkCount, type Limits } from './limits';
import type { Link } from './types';
import { decodeUtf8 } from './values';

const F = 40;
const MAX_PARAMS = 64;
const MAX_URI = 512;
const PARAM_NAME = /[A-Za-z0-9!#$&+\-.^_`|~*]/;

export function decodeLinkFormat(payload: Uint8Array, limits: Required<Limits>): Link[] {
  if (payload.length > limits.maxBytes) throw new CodecError(F, `link-format payload of ${payload.length} bytes is larger than the ${limits.maxBytes} bytes accepted`);
  return parseLinks(decodeUtf8(F, payload, 'the link-format payload'), limits);
}

export function parseLinks(text: string, limits: Required<Limits>): Link[] {
  if (text.length > limits.maxBytes) throw new CodecError(F, `link-format text of ${text.length} characters is longer than the ${limits.maxBytes} accepted`);
  const links: Link[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new CodecError(F, `link-format: ${what} at character ${i + 1}`);
  };
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i++;
  };
  skipSpace();
  if (i === text.length) return links;
  for (;;) {
    if (text[i] !== '<') fail(`expected '<' to open a link, found ${describe(text[i])}`);
    const close = text.indexOf('>', i + 1);
    if (close < 0) fail('a link\'s \'<\' is never closed by \'>\'');
    const uri = text.slice(i + 1, close);
    if (uri.length > MAX_URI || /[\u0000-\u001f\u007f<]/.test(uri)) fail(`link target ${quoted(uri)} is not a URI`);
    i = close + 1;
    const params: Record<string, string | true> = {};
    let count = 0;
    skipSpace();
    while (text[i] === ';') {
      i++;
      skipSpace();
      const start = i;
      while (i < text.length && PARAM_NAME.test(text[i])) i++;
      if (i === start) fail(`expected a parameter name, found ${describe(text[i])}`);
      const name = text.slice(start, i);
      let value: string | true = true;
      skipSpace();
      if (text[i] === '=') {
        i++;
        skipSpace();
        value = text[i] === '"' ? readQuoted() : readBare();
      }
      if (++count > MAX_PARAMS) fail(`more than ${MAX_PARAMS} parameters on one link`);
      // The first of repeated parameters counts. defineProperty, so a parameter named __proto__ is just a key.
      if (!Object.prototype.hasOwnProperty.call(params, name)) Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
      skipSpace();
    }
    links.push({ uri, params });
    checkCount(F, links.length, limits, 'links');
    if (i === text.length) return links;
    if (text[i] !== ',') fail(`expected ',' or ';' after a link, found ${describe(text[i])}`);
    i++;
    skipSpace();
  }

  function readQuoted(): string {
    let out = '';
    i++;
    for (;;) {
      if (i >= text.length) fail('a quoted value is never closed');
      const c = text[i++];
      if (c === '"') return out;
      if (c === '\\') {
        if (i >= text.length) fail('a quoted value ends in a lone backslash');
        out += text[i++];
      } else {
        out += c;
      }
    }
  }

  function readBare(): string {
    const start = i;
    while (i < text.length && !/[;,"\s\u0000-\u001f\u007f]/.test(text[i])) i++;
    return text.slice(start, i);
  }
}

function describe(c: string | undefined): string {
  return c === undefined ? 'the end' : quoted(c);
}

export function formatLinks(links: Link[]): string {
  return links.map((link) => {
    if (link.uri.includes('>')) throw new CodecError(F, `link target ${quoted(link.uri)} cannot hold '>'`);
    let out = `<${link.uri}>`;
    for (const [name, value] of Object.entries(link.params)) {
      if (!/^[A-Za-z0-9!#$&+\-.^_`|~*]+$/.test(name)) throw new CodecError(F, `link parameter name ${quoted(name)} is not a token`);
      if (value === true) out += `;${name}`;
      else out += /^-?\d[\d.]*$/.test(value) ? `;${name}=${value}` : `;${name}="${value.replace(/[\\"]/g, (c) => '\\' + c)}"`;
    }
    return out;
  }).join(',');
}
