// customer_360's channel columns are combined from the registry: a column declared twice fails naming the channel.
import { describe, expect, it } from 'vitest';
import { channels, defineChannel, emailChannel } from '../../sources/contracts/index.js';
import { customer360ColumnNames } from '../../transforms/customer-360-channels.js';
import { notesContract as contract } from '../fixtures/channels/notes.js';

describe('customer_360 channel columns', () => {
  it('refuses a customer_360 column that another channel or customer_360 itself already has', () => {
    const clash = defineChannel(contract([{ kind: 'email', value: 'email' }], 'email_opens'));
    expect(() => customer360ColumnNames({ ...channels, notes: clash })).toThrow('channel notes: customer_360 column "email_opens" is already declared by channel email');
    const own = defineChannel(contract([{ kind: 'email', value: 'email' }], 'as_of'));
    expect(() => customer360ColumnNames({ email: emailChannel, notes: own })).toThrow('already declared by customer_360 itself');
  });
});
