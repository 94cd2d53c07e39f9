/**
 * @module core/http/token
 * RFC 9110's token characters (a field name, a method, a media type's parts), one table for every
 * reader that asks.
 */

const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN[c.charCodeAt(0)] = 1;

/** Is the char code `c` a token character (tchar)? */
export const tchar = (c: number): boolean => c < 128 && TOKEN[c] === 1;
