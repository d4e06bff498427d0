// Facts about the fictional shop "Tidewater" the sample describes: its domain, currency and the placeholder addresses staff type.

/** The shop's domain; campaign links point here and staff type `support@` it for phone orders. */
export const SHOP_DOMAIN = 'tidewater.example';
/** The single currency of the shop. */
export const CURRENCY = 'EUR';
/** Shared addresses that many different persons' orders carry; a resolver must not link on them. */
export const PLACEHOLDER_EMAILS = ['test@example.com', `support@${SHOP_DOMAIN}`] as const;
