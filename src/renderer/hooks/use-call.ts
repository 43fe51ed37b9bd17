// One call's answer for a view: loading, then the value or the error; `reload` asks again (the
// last answer stays shown meanwhile). An answer that arrives after the view moved on (another
// key, unmounted) is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResponse } from '../../shared/contract';

export type CallState<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: ApiError };

/** `call` runs on mount and whenever `key` (a text naming its arguments) changes. */
export function useCall<T>(key: string, call: () => Promise<ApiResponse<T>>): [CallState<T>, () => void] {
  const [state, setState] = useState<CallState<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  // The latest `call`: a new function every render, whose arguments the key names.
  const latest = useRef(call);
  useEffect(() => {
    latest.current = call;
  });
  const shownKey = useRef(key);
  useEffect(() => {
    let live = true;
    // A reload of the same key keeps what is shown; another key starts from loading.
    if (shownKey.current !== key) setState({ status: 'loading' });
    shownKey.current = key;
    void latest.current().then((response) => {
      if (live) setState(response.ok ? { status: 'ready', value: response.value } : { status: 'error', error: response.error });
    });
    return () => {
      live = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return [state, reload];
}
