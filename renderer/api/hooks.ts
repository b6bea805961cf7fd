// A screen renders the client's view and connection as React state: each change re-renders it.
import { useCallback, useSyncExternalStore } from 'react';
import type { KioskView } from '../../electron/contract/kiosk-api.ts';
import type { Connection, KioskClient } from './client.ts';

export function useView(client: KioskClient): KioskView | undefined {
  const subscribe = useCallback((changed: () => void) => client.onView(changed), [client]);
  return useSyncExternalStore(subscribe, () => client.view);
}

export function useConnection(client: KioskClient): Connection {
  const subscribe = useCallback((changed: () => void) => client.onConnection(changed), [client]);
  return useSyncExternalStore(subscribe, () => client.connection);
}
