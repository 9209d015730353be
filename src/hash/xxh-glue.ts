// The few bytes of WebAssembly glue between the fingerprint and xxhash-wasm's xxh64: `both` hashes
// the bytes at an address with the two seeds and stores both results at `resultAt`, `low` the
// first only, so no BigInt crosses into JavaScript per key. Hand-assembled (it is this small); the
// seeds and the result address are fingerprint.ts's. In text form:
//   (module
//     (import "x" "h" (func $xxh64 (param i32 i32 i64) (result i64)))
//     (import "x" "m" (memory 1))
//     (func (export "both") (param $at i32) (param $length i32)
//       (i64.store (i32.const resultAt) (call $xxh64 (local.get $at) (local.get $length) (i64.const seedLow)))
//       (i64.store (i32.const resultAt+8) (call $xxh64 (local.get $at) (local.get $length) (i64.const seedHigh))))
//     (func (export "low") (param $at i32) (param $length i32)
//       (i64.store (i32.const resultAt) (call $xxh64 (local.get $at) (local.get $length) (i64.const seedLow)))))
export function glueModule(resultAt: number, seedLow: bigint, seedHigh: bigint): Uint8Array {
  const name = (text: string): number[] => [text.length, ...new TextEncoder().encode(text)];
  const section = (id: number, body: number[]): number[] => [id, ...unsignedLeb(body.length), ...body];
  const hashInto = (resultAt: number, seed: bigint): number[] => [
    0x41,
    resultAt, // i32.const resultAt
    0x20,
    0x00, // local.get $at
    0x20,
    0x01, // local.get $length
    0x42,
    ...signedLeb(seed), // i64.const seed
    0x10,
    0x00, // call $xxh64
    0x37,
    0x03,
    0x00, // i64.store align=8 offset=0
  ];
  const body = (code: number[]): number[] => {
    const withLocals = [0x00, ...code, 0x0b]; // no locals; end
    return [...unsignedLeb(withLocals.length), ...withLocals];
  };
  const I32 = 0x7f,
    I64 = 0x7e,
    FUNC = 0x60;
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // \0asm, version 1
    ...section(1, [2, FUNC, 3, I32, I32, I64, 1, I64, FUNC, 2, I32, I32, 0]), // types: xxh64, (i32, i32) -> ()
    ...section(2, [2, ...name('x'), ...name('h'), 0x00, 0, ...name('x'), ...name('m'), 0x02, 0x00, 0]), // imports (memory min 0 pages)
    ...section(3, [2, 1, 1]), // two functions of type 1
    ...section(7, [2, ...name('both'), 0x00, 1, ...name('low'), 0x00, 2]), // exports (function 0 is the import)
    ...section(10, [
      2,
      ...body([...hashInto(resultAt, seedLow), ...hashInto(resultAt + 8, seedHigh)]),
      ...body(hashInto(resultAt, seedLow)),
    ]),
  ]);
}

function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

// An i64 immediate: two's complement, so a seed above 2^63 is written as its negative twin.
function signedLeb(value: bigint): number[] {
  let rest = BigInt.asIntN(64, value);
  const bytes: number[] = [];
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if ((rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0)) return [...bytes, byte];
    bytes.push(byte | 0x80);
  }
}
