// Readers for the generated tables (tables.ts): one byte or i32 per index.
import {
  PAT_BYTES,
  PAT_CODE,
  PAT_FLAGS,
  PAT_GROUP,
  PAT_OFF,
  SYSDIR_BYTES,
  SYSDIR_OFF,
  WORD_HTML,
  WORD_MISC,
  WORD_ROLE,
  WORD_SHELL,
  WORD_SQL,
  WORD_SQLFN,
  WORD_TAG,
} from "./tables";

@inline export function patGroup(p: i32): i32 { return <i32>load<u8>(PAT_GROUP + <usize>p); }
@inline export function patCode(p: i32): i32 { return <i32>load<u8>(PAT_CODE + <usize>p); }
@inline export function patFlags(p: i32): i32 { return <i32>load<u8>(PAT_FLAGS + <usize>p); }
@inline export function patOff(p: i32): i32 { return load<i32>(PAT_OFF + (<usize>p << 2)); }
@inline export function patByte(i: i32): i32 { return <i32>load<u8>(PAT_BYTES + <usize>i); }
@inline export function wordSql(w: i32): i32 { return <i32>load<u8>(WORD_SQL + <usize>w); }
@inline export function wordRole(w: i32): i32 { return <i32>load<u8>(WORD_ROLE + <usize>w); }
@inline export function wordTag(w: i32): i32 { return <i32>load<u8>(WORD_TAG + <usize>w); }
@inline export function wordSqlFn(w: i32): i32 { return <i32>load<u8>(WORD_SQLFN + <usize>w); }
@inline export function wordShell(w: i32): i32 { return <i32>load<u8>(WORD_SHELL + <usize>w); }
@inline export function wordHtml(w: i32): i32 { return <i32>load<u8>(WORD_HTML + <usize>w); }
@inline export function wordMisc(w: i32): i32 { return <i32>load<u8>(WORD_MISC + <usize>w); }
@inline export function sysdirOff(d: i32): i32 { return load<i32>(SYSDIR_OFF + (<usize>d << 2)); }
@inline export function sysdirByte(i: i32): i32 { return <i32>load<u8>(SYSDIR_BYTES + <usize>i); }
