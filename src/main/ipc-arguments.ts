// Validation of every argument that crosses the IPC boundary, per channel of the contract.
// The mapped type makes the compiler insist on one validator per call, of the right type.
import { z } from 'zod';
import type { Channel, ChannelArgs } from '../shared/contract';

const noArguments = z.undefined({ error: 'takes no arguments' });

export const argumentValidators: { [C in Channel]: z.ZodType<ChannelArgs<C>> } = {
  getOverview: noArguments,
  listBlockTypes: noArguments,
  getBlockType: z.strictObject({ slug: z.string().min(1).max(256) }),
  getBlockSchema: z.strictObject({ id: z.uuid({ error: 'must be a block schema id (a UUID)' }) }),
  getRegistrationReport: noArguments,
  openExternal: z.strictObject({ url: z.string().max(4096) }),
};
