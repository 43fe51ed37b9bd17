// The block documents calls (DocumentsContract): each resolves to an ApiResponse, never rejects.
import type { ApiResponse, ChannelArgs, ChannelResult, DocumentsContract } from '../../shared/contract';
import { safeCall, windowApi } from './api';

type DocumentsChannel = keyof DocumentsContract;

export function callDocuments<C extends DocumentsChannel>(channel: C, args: ChannelArgs<C>): Promise<ApiResponse<ChannelResult<C>>> {
  return safeCall(() => (windowApi()[channel] as (args: ChannelArgs<C>) => Promise<ApiResponse<ChannelResult<C>>>)(args));
}
