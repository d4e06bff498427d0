// The contacts channel contract: one row per contact in customer master data (CRM/ESP exports, shop customer lists, sign-up forms).
import { z } from 'zod';
import { defineChannel } from './channel.js';
import { countryCodes } from './country-codes.js';
import { date, id, rawEmail, timestamp } from './fields.js';

export const Contact = z.object({
  contact_id: id(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email: rawEmail().nullish(),
  phone: z.string().nullish(),
  date_of_birth: date().nullish(),
  street: z.string().nullish(),
  city: z.string().nullish(),
  postcode: z.string().nullish(),
  // Upper case as ISO writes it: customer rows are refused, not coerced (a lower-case "de" is quarantined).
  country: z.enum(countryCodes).meta({ expected: 'an ISO-3166 alpha-2 country code such as "DE"' }).nullish(),
  updated_at: timestamp(),
});
export type Contact = z.infer<typeof Contact>;

export const contactsChannel = defineChannel({
  name: 'contacts',
  description: 'one row per contact of customer master data (CRM/ESP contact export, shop customer list, sign-up form)',
  table: 'contacts',
  schema: Contact,
  key: ['contact_id'],
  timeField: 'updated_at',
  recordId: 'contact_id',
  identifiers: [
    { kind: 'email', value: 'email' },
    { kind: 'phone', value: 'phone' },
  ],
  customer360: {
    // Editing a contact is not an interaction with the customer: contacts never decide `preferred_channel`.
    lastInteraction: 'CAST(NULL AS TIMESTAMP)',
    columns: [
      { name: 'contact_records', type: 'BIGINT', meaning: 'contact records (CRM, shop customer list, sign-up form) of the customer', aggregate: 'count(*)', absent: '0' },
    ],
  },
});
