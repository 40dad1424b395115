// Request/reply over the network. The server's handler runs when the request arrives; the reply
// is a second message. If either is lost, the caller hears an RpcTimeoutError a second after asking.
import { RpcTimeoutError } from './errors.ts';
import type { Network } from './network.ts';
import type { NodeState, World } from './world.ts';

export const RPC_TIMEOUT_MS = 1000;

/** What a server answers: the reply message's text, and a value or an error for the caller. */
export interface Reply<T> {
  text: string;
  value?: T;
  error?: Error;
}

export function rpc<T>(
  w: World,
  net: Network,
  client: NodeState,
  server: NodeState,
  request: string,
  serve: () => Reply<T>,
  done: (value: T | undefined, error: Error | undefined) => void,
): void {
  const deadline = w.sched.now + RPC_TIMEOUT_MS;
  const timeout = () => done(undefined, new RpcTimeoutError(server.name, request));
  const sent = net.send(client, server, request, () => {
    const reply = serve();
    if (!net.send(server, client, reply.text, () => done(reply.value, reply.error)))
      w.sched.at(deadline, client, timeout);
  });
  // Only a lost message starts a timer: a caller whose messages got through waits for the reply
  // (however late, e.g. from a paused server), and the queue stays small.
  if (!sent) w.sched.at(deadline, client, timeout);
}
