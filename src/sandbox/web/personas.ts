import type { UserProfile } from '../telegram/index.ts';

/** Someone the web chat can be: the shop's two buyers, an admin and the owner. */
export interface Persona {
  id: string;
  /** Shown in the persona picker (Indonesian / English). */
  label: string;
  profile: UserProfile;
  /** Whether the persona also sees every other bot on the emulator (the owner's alert bot). */
  seesAllBots: boolean;
}

export const BUYER: UserProfile = { id: 100001, firstName: 'Kamu', languageCode: 'id' };
export const SECOND_BUYER: UserProfile = { id: 100012, firstName: 'Sari', languageCode: 'id' };
export const ADMIN: UserProfile = { id: 100013, firstName: 'Admin', languageCode: 'id' };
export const OWNER: UserProfile = { id: 100014, firstName: 'Pemilik', languageCode: 'id' };

export const PERSONAS: readonly Persona[] = [
  { id: 'buyer', label: 'Pembeli / buyer (+ admin)', profile: BUYER, seesAllBots: false },
  { id: 'buyer2', label: 'Pembeli kedua / second buyer', profile: SECOND_BUYER, seesAllBots: false },
  { id: 'admin', label: 'Admin', profile: ADMIN, seesAllBots: false },
  { id: 'owner', label: 'Pemilik / owner', profile: OWNER, seesAllBots: true },
];
