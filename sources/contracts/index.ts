// The channel registry (one line per channel) and the channel contracts: the public boundary other stages import from.
import type { Channel, Customer360Column } from './channel.js';
import { contactsChannel } from './contacts.js';
import { emailChannel } from './email.js';
import { ordersChannel } from './orders.js';
import { socialChannel } from './social.js';
import { supportChannel } from './support.js';
import { feedbackChannel } from './feedback.js';
import { productsReference } from './products.js';

export type { Channel, Customer360Column, RowCheck, Customer360Part, Identifier, IdentifierKind } from './channel.js';
export { defineChannel, identifierKinds } from './channel.js';
export { Contact, contactsChannel } from './contacts.js';
export { EmailEvent, emailChannel, emailEventTypes } from './email.js';
export { OrderLine, ordersChannel, orderStatuses } from './orders.js';
export { SocialInteraction, socialChannel, socialKinds } from './social.js';
export { SupportMessage, supportChannel, supportDirections, supportMediums, supportStatuses } from './support.js';
export { SurveyResponse, feedbackChannel, surveyScoreRanges, surveyTypes, type SurveyType } from './feedback.js';
export { Product, productsReference } from './products.js';
export { defineReference, type Reference } from './reference.js';

/**
 * Channels by name. Adding a channel is one contract file and one line here: its table, identifiers, customer_360
 * columns and docs follow. The order is customer_360's column order, and an earlier channel wins a tie for
 * `preferred_channel` (orders first: a purchase is the strongest signal).
 */
export const channels = Object.freeze({
  orders: ordersChannel,
  email: emailChannel,
  social: socialChannel,
  support: supportChannel,
  feedback: feedbackChannel,
  contacts: contactsChannel,
});
export type ChannelName = keyof typeof channels;
export const channelNames = Object.keys(channels) as ChannelName[];

/**
 * Reference sources by name: facts about things, not people (no identifiers). Loaded like a channel (quarantine,
 * lineage, merge on the key) but never part of `channels`, so identity resolution and customer_360 never read them.
 */
export const references = Object.freeze({
  products: productsReference,
});
export type ReferenceName = keyof typeof references;
/** What a source's `channel` may name: a channel of people or a reference. */
export const contractNames = [...channelNames, ...Object.keys(references)] as [ChannelName | ReferenceName, ...(ChannelName | ReferenceName)[]];

/** The contract a source loads: a channel or a reference; throws naming every known name otherwise. */
export function contractByName(name: string): Channel {
  const reference = (references as Record<string, Channel>)[name];
  return reference ?? channelByName(name);
}

/** A set of channels by name, as the transforms take it (the default is {@link channels}; tests pass their own). */
export type ChannelRegistry = Readonly<Record<string, Channel>>;

/** The contract for a channel name; throws naming the known channels otherwise. */
export function channelByName(name: string): Channel {
  const channel = (channels as Record<string, Channel>)[name];
  if (!channel) throw new Error(`unknown channel "${name}": expected one of ${channelNames.join(', ')} (or the reference ${Object.keys(references).join(', ')})`);
  return channel;
}

/** The columns the channels of `registry` add to `customer_360`, in column order, each with the channel it comes from. */
export function customer360ChannelColumns(registry: ChannelRegistry = channels): (Customer360Column & { readonly channel: string })[] {
  return Object.values(registry).flatMap((c) => c.customer360.columns.map((col) => ({ ...col, channel: c.name })));
}
