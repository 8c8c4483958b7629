// Public surface of the Pakasir emulator.
export { startPakasirEmulator } from './emulator.ts';
export { buildQrisString, crc16Ccitt, hasValidQrisCrc } from './qris.ts';
export type {
  ApiVersion,
  EmulatedStatus,
  EmulatedTransaction,
  FailOptions,
  HangOptions,
  PakasirEmulator,
  PakasirEmulatorOptions,
  PakasirRoute,
  PaymentSimulationResult,
  SimulatePaymentOptions,
  WebhookDelivery,
} from './types.ts';
export { PAKASIR_ROUTES } from './types.ts';
