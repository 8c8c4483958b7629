/** Width and height of an image, read from its header. */
export interface ImageSize {
  width: number;
  height: number;
  format: 'png' | 'jpeg' | 'gif' | 'webp';
}

/**
 * Reads the dimensions of a PNG, JPEG, GIF or WebP from its header, so photo messages carry real
 * sizes; undefined for anything else (Telegram refuses such photos).
 */
export function imageSize(bytes: Uint8Array): ImageSize | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return pngSize(buffer) ?? jpegSize(buffer) ?? gifSize(buffer) ?? webpSize(buffer);
}

function pngSize(buffer: Buffer): ImageSize | undefined {
  const signature = '89504e470d0a1a0a';
  if (buffer.length < 24 || buffer.subarray(0, 8).toString('hex') !== signature) return undefined;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20), format: 'png' };
}

function jpegSize(buffer: Buffer): ImageSize | undefined {
  if (buffer.length < 4 || buffer[0] !== 0xff || buffer[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 < buffer.length) {
    if (buffer[offset] !== 0xff) return undefined;
    const marker = buffer[offset + 1] ?? 0;
    const length = buffer.readUInt16BE(offset + 2);
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      return {
        height: buffer.readUInt16BE(offset + 5),
        width: buffer.readUInt16BE(offset + 7),
        format: 'jpeg',
      };
    }
    offset += 2 + length;
  }
  return undefined;
}

function gifSize(buffer: Buffer): ImageSize | undefined {
  if (buffer.length < 10 || buffer.subarray(0, 4).toString('latin1') !== 'GIF8') return undefined;
  return { width: buffer.readUInt16LE(6), height: buffer.readUInt16LE(8), format: 'gif' };
}

function webpSize(buffer: Buffer): ImageSize | undefined {
  if (buffer.length < 30) return undefined;
  if (
    buffer.subarray(0, 4).toString('latin1') !== 'RIFF' ||
    buffer.subarray(8, 12).toString('latin1') !== 'WEBP'
  ) {
    return undefined;
  }
  const chunk = buffer.subarray(12, 16).toString('latin1');
  if (chunk === 'VP8 ') {
    return {
      width: buffer.readUInt16LE(26) & 0x3fff,
      height: buffer.readUInt16LE(28) & 0x3fff,
      format: 'webp',
    };
  }
  if (chunk === 'VP8L') {
    const bits = buffer.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, format: 'webp' };
  }
  if (chunk === 'VP8X') {
    return { width: buffer.readUIntLE(24, 3) + 1, height: buffer.readUIntLE(27, 3) + 1, format: 'webp' };
  }
  return undefined;
}
