import QRCode from 'qrcode';

/** The QRIS string as a PNG a phone can scan from a chat photo. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', width: 512, margin: 2, errorCorrectionLevel: 'M' });
}
