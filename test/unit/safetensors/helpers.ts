// A protocol-2 pickle that calls module.name('id'): the smallest malicious payload to hide.
export function pickleOf(module: string, name: string): Uint8Array {
  return Uint8Array.from(Buffer.from(`\x80\x02c${module}\n${name}\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.`, 'latin1'));
}
