// The one bridge: exposes the IPC contract as `window.api`, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, IPC_PREFIX, type RegistryApi } from '../shared/contract';

const api = Object.fromEntries(CHANNELS.map((channel) => [channel, (args?: unknown) => ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, args)])) as RegistryApi;

contextBridge.exposeInMainWorld('api', api);
