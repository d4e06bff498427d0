// The config contract of identity resolution: how identifiers are normalised and the guardrails against over-merging.
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

const country = z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter ISO country code such as "DE"').transform((c) => c as CountryCode);
const domain = z.string().min(3).transform((d) => d.trim().toLowerCase());

/** Mailbox rules of one email provider: addresses that differ only by these are one mailbox. */
export const EmailProviderRule = z
  .object({
    /** Domains the rule applies to, e.g. ['gmail.com', 'googlemail.com']. */
    domains: z.array(domain).min(1),
    /** Domain every address of the provider is rewritten to (e.g. googlemail.com -> gmail.com). */
    canonicalDomain: domain.optional(),
    /** Dots in the local part are ignored by the provider (Gmail). */
    dropDots: z.boolean().default(false),
    /** Everything from "+" in the local part is a tag the provider ignores. */
    dropPlusTag: z.boolean().default(false),
  })
  .strict();
export type EmailProviderRule = z.infer<typeof EmailProviderRule>;

const kinds = ['email', 'phone', 'account', 'handle'] as const;
/** The kinds of identifier Rapport resolves. */
export type IdentityKind = (typeof kinds)[number];

/** Values that are never evidence of one person: typed as the source writes them, normalised before comparing. */
const defaultBlocked = { email: ['test@example.com', 'support@tidewater.example', 'noreply@example.com', 'no-email@example.com'], phone: ['+10000000000', '+490000000000', '+4900000000'], account: [], handle: [] };

/**
 * `identity` in `rapport.config.ts`. Every key is optional.
 * @example identity: { defaultCountry: 'DE', fallbackCountries: ['US'], maxPerCustomer: { email: 5 } }
 */
export const IdentityConfig = z
  .object({
    /**
     * Country of numbers written without a country code (national format). A country whose trunk prefix is "0"
     * (DE, GB, FR, ...) reads only numbers that start with it ("0151 2345678"); others (US: "1") read any.
     * Without it, such numbers are kept but link nothing.
     */
    defaultCountry: country.optional(),
    /** Countries tried in order for a national-format number the default country does not read (e.g. ['US']). */
    fallbackCountries: z.array(country).default([]),
    /** Provider mailbox rules; the default treats Gmail dots and +tags as one mailbox. */
    emailProviders: z
      .array(EmailProviderRule)
      .default([{ domains: ['gmail.com', 'googlemail.com'], canonicalDomain: 'gmail.com', dropDots: true, dropPlusTag: true }]),
    /** Placeholder or shared values per kind; they stay as observations but never link two records. */
    blocked: z
      .object({ email: z.array(z.string()), phone: z.array(z.string()), account: z.array(z.string()), handle: z.array(z.string()) })
      .partial()
      .strict()
      .default(defaultBlocked)
      .transform((b) => ({ ...defaultBlocked, ...b })),
    /** Most identifiers of a kind one customer may have; a link that would exceed it is refused and logged. */
    maxPerCustomer: z
      .object({ email: z.int().positive(), phone: z.int().positive(), account: z.int().positive(), handle: z.int().positive() })
      .partial()
      .strict()
      .default({})
      .transform((m) => ({ email: 10, phone: 5, account: 5, handle: 20, ...m })),
  })
  .strict();
export type IdentityConfig = z.infer<typeof IdentityConfig>;
export type IdentityConfigInput = z.input<typeof IdentityConfig>;

/** The identity settings when the config has no `identity` key. */
export const defaultIdentityConfig: IdentityConfig = Object.freeze(IdentityConfig.parse({}));
