// Builds dynamic EMV QRIS payloads with a valid CRC, so anything that renders or
// checks the QR string in tests sees a realistic one.

export interface QrisInput {
  merchantName: string;
  city: string;
  /** Total the buyer pays, whole rupiah. */
  amount: number;
  /** Reference label printed in the additional data field. */
  reference: string;
}

export function buildQrisString(input: QrisInput): string {
  const payload = [
    tlv('00', '01'),
    tlv('01', '12'),
    tlv('26', tlv('00', 'COM.PAKASIR.WWW') + tlv('01', '936000000000000001') + tlv('03', 'UMI')),
    tlv('51', tlv('00', 'ID.CO.QRIS.WWW') + tlv('02', 'ID1024000000001') + tlv('03', 'UMI')),
    tlv('52', '5816'),
    tlv('53', '360'),
    tlv('54', String(input.amount)),
    tlv('58', 'ID'),
    tlv('59', ascii(input.merchantName, 25)),
    tlv('60', ascii(input.city, 15)),
    tlv('61', '10110'),
    tlv('62', tlv('05', ascii(input.reference, 25)) + tlv('07', 'PAKASIR')),
  ].join('');
  const withCrcTag = `${payload}6304`;
  return withCrcTag + crc16Ccitt(withCrcTag);
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as four uppercase hex digits, per EMVCo. */
export function crc16Ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** True when the string ends in a CRC tag whose value matches the rest. */
export function hasValidQrisCrc(qris: string): boolean {
  const body = qris.slice(0, -4);
  return body.endsWith('6304') && crc16Ccitt(body) === qris.slice(-4);
}

function tlv(id: string, value: string): string {
  if (value.length > 99) throw new RangeError(`EMV field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

function ascii(value: string, max: number): string {
  const cleaned = value.replace(/[^\x20-\x7e]/g, '').trim();
  return (cleaned === '' ? 'PAKASIR' : cleaned).slice(0, max);
}
