// Calls of the servers domain, for pages whose calls are their own (the documents pages list the
// connections with it; the servers page calls through its slice): each resolves to an ApiResponse
// (never rejects), as every call does.
import type { ApiResponse, ChannelArgs, ChannelResult } from '../../shared/contract';
import { safeCall, windowApi } from './api';

type ServersChannel =
  | 'listConnections'
  | 'saveConnection'
  | 'removeConnection'
  | 'testConnection'
  | 'compareSources'
  | 'compareTypeSchemas'
  | 'previewTransfer'
  | 'startTransfer'
  | 'getTransfer'
  | 'cancelTransfer'
  | 'getRunningTransfer'
  | 'previewServerCopy'
  | 'startServerCopy';

export function callServers<C extends ServersChannel>(channel: C, args: ChannelArgs<C>): Promise<ApiResponse<ChannelResult<C>>> {
  return safeCall(() => (windowApi()[channel] as (args: ChannelArgs<C>) => Promise<ApiResponse<ChannelResult<C>>>)(args));
}
