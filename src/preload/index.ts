// The one bridge between the renderer and main.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('api', {});
