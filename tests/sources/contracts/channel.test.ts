// A channel contract is checked when declared: every channel names at least one identifier of a known kind.
import { describe, expect, it } from 'vitest';
import { defineChannel, type IdentifierKind } from '../../../sources/contracts/index.js';
import { notesContract as contract } from '../../fixtures/channels/notes.js';

describe('channel contracts', () => {
  it('refuses a channel without identifiers or with an unknown kind, naming the channel', () => {
    expect(() => defineChannel(contract([]))).toThrow('channel notes: declares no identifier');
    expect(() => defineChannel(contract([{ kind: 'fax' as IdentifierKind, value: 'email' }]))).toThrow('channel notes: identifier kind "fax"');
  });
});
