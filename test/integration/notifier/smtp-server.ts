import net from 'node:net';

/** One mail as the server received it. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** The raw message (headers and MIME body) after DATA. */
  readonly data: string;
  /** The credentials of AUTH PLAIN / LOGIN, decoded. */
  readonly user: string;
  readonly pass: string;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Answer the next RCPT TO with this reply instead of 250 (e.g. "554 Message rejected"). */
  rejectNextRecipient(reply: string): void;
  close(): Promise<void>;
}

/**
 * Just enough SMTP (RFC 5321) on loopback, in plain text, for the notifier's
 * VPC mode: EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, QUIT. No TLS: the
 * production setting requires STARTTLS and the test turns that off.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let rejection: string | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let inData = false;
    let authStep: 'user' | 'pass' | undefined;
    let user = '';
    let pass = '';
    let from = '';
    let to: string[] = [];
    const reply = (line: string): void => {
      socket.write(`${line}\r\n`);
    };
    reply('220 localhost test SMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          received.push({ from, to, data: buffer.slice(0, end).replace(/^\.\./gm, '.'), user, pass });
          buffer = buffer.slice(end + 5);
          inData = false;
          from = '';
          to = [];
          reply('250 OK queued');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline === -1) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (authStep === 'user') {
          user = Buffer.from(line, 'base64').toString('utf8');
          authStep = 'pass';
          reply('334 UGFzc3dvcmQ6');
          continue;
        }
        if (authStep === 'pass') {
          pass = Buffer.from(line, 'base64').toString('utf8');
          authStep = undefined;
          reply('235 Authentication successful');
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          reply('250-localhost');
          reply('250-AUTH PLAIN LOGIN');
          reply('250 8BITMIME');
        } else if (verb === 'HELO') reply('250 localhost');
        else if (verb === 'AUTH') {
          const [, mechanism, initial] = line.split(' ');
          if (mechanism?.toUpperCase() === 'PLAIN' && initial) {
            const [, u, p] = Buffer.from(initial, 'base64').toString('utf8').split('\u0000');
            user = u ?? '';
            pass = p ?? '';
            reply('235 Authentication successful');
          } else if (mechanism?.toUpperCase() === 'LOGIN') {
            authStep = 'user';
            reply('334 VXNlcm5hbWU6');
          } else reply('504 Unrecognized authentication type');
        } else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 OK');
        } else if (verb === 'RCPT') {
          if (rejection) {
            reply(rejection);
            rejection = undefined;
          } else {
            to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
            reply('250 OK');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 OK');
        } else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else reply('250 OK');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP test server has no port');
  return {
    port: address.port,
    received,
    rejectNextRecipient: (line) => {
      rejection = line;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
