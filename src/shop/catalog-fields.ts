import { z } from 'zod';

/** Field rules shared by the catalog import file and the configuration document. */
export const MAX_PRICE = 100_000_000;
export const RUPIAH = 'expected a positive whole number of rupiah';

export const code = z
  .string({ error: 'expected a text code' })
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'expected at most 64 characters')
  .regex(/^[\w.-]+$/, 'expected only letters, digits, "-", "_" and "."');

export const text = (max: number) =>
  z
    .string({ error: 'expected text' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `expected at most ${max} characters`);
