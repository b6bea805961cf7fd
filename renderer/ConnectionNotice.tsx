// The connection as a screen shows it: nothing while connected, a line while it is not.
import type { Connection } from './api/client.ts';

export function ConnectionNotice({ connection, className }: { connection: Connection; className: string }) {
  if (connection === 'connected' || connection === 'connecting') return null;
  return (
    <p className={className} role="status" data-testid="connection">
      {connection === 'reconnecting'
        ? '与服务的连接已断开，正在重新连接… / The connection to the kiosk service dropped: reconnecting…'
        : '访问令牌已更换：请用新网址打开本页 / The access tokens were rotated: open this page at its new URL'}
    </p>
  );
}
