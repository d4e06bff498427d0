// The channel contracts, by name: the public boundary other stages import from.
import type { Channel } from './channel.js';
import { emailChannel } from './email.js';
import { ordersChannel } from './orders.js';
import { socialChannel } from './social.js';

export type { Channel } from './channel.js';
export { EmailEvent, emailChannel, emailEventTypes } from './email.js';
export { OrderLine, ordersChannel, orderStatuses } from './orders.js';
export { SocialInteraction, socialChannel, socialKinds } from './social.js';

export const channels = Object.freeze({ email: emailChannel, social: socialChannel, orders: ordersChannel });
export type ChannelName = keyof typeof channels;
export const channelNames = Object.keys(channels) as ChannelName[];

/** The contract for a channel name; throws naming the known channels otherwise. */
export function channelByName(name: string): Channel {
  const channel = (channels as Record<string, Channel>)[name];
  if (!channel) throw new Error(`unknown channel "${name}": expected one of ${channelNames.join(', ')}`);
  return channel;
}
