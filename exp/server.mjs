import net from 'node:net';
const server = net.createServer((s) => { s.on('error', () => {}); s.resume(); });
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
process.on('disconnect', () => process.exit(0));
