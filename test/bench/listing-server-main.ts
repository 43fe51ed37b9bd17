// `tsx test/bench/listing-server-main.ts N`: the generated listing server (test/helpers/listing-server.ts)
// in a process of its own, so that a measured pull's memory is not the server's. Prints its API URL
// on the first line, then, when stdin ends, the bytes of the listing bodies it sent.
import { startListingServer } from '../helpers/listing-server';

const types = Number(process.argv[2]);
if (!Number.isInteger(types) || types < 1) throw new Error('usage: listing-server-main.ts N (types)');
const server = await startListingServer(types);
// A reader gone before the last line (a shell that stopped reading) is no failure of the server.
process.stdout.on('error', () => undefined);
process.stdout.write(`${server.api}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  process.stdout.write(`${server.bytesSent()}\n`);
  void server.close().then(() => process.exit(0));
});
