// Fixed ports, part of the virtual-time library: a TCP socket the main thread
// binds to port 0 (a server's listen(0)) gets a port from a fixed sequence
// instead of the kernel's pick. The port reaches the figures: V8's
// number-to-string cache is direct-mapped (at most 16384 slots), and a port
// turned into a string on every request (the HTTP agent's connection name)
// evicts, or not, another number that shares its slot. So every child's first
// server gets a port with the residue PORT_RESIDUE modulo 16384, a second one
// open at the same time the next residue, and so on; a server opened after
// the first closed gets the first's port again (libuv binds TCP sockets with
// SO_REUSEADDR, so connections in TIME_WAIT do not keep it). Concurrent
// children (the runner's -j) each have their own lane, PORT_RESIDUE plus a
// multiple of 16384 (ALLOC_COUNTER_PORT_LANE, 0 to 3), so they never race for
// a port; a child in lane 4 or above gets the kernel's ports, as does a bind
// when the lane's 64 ports are taken. ARCHITECTURE.md, "Virtual time".
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vtime.h"

typedef int (*bind_fn)(int, const struct sockaddr*, socklen_t);
static bind_fn real_bind;

// Lanes start at PORT_RESIDUE + k * 16384 for k = 0..3: all five digits (the
// same string length, so the same bytes) and below 65536. Lanes 0 and 1 lie
// below Linux's default ephemeral range (32768-60999), where clients' ports are.
#ifndef PORT_RESIDUE
#define PORT_RESIDUE 13331
#endif
#define CACHE_SLOTS 16384
#define LANES 4
// How many servers one child may have open at once and still get fixed ports.
#define RESIDUES 64

// This child's lane; -1: the kernel picks ports.
static int own_lane;

void vtime_resolve_bind(void) {
  real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");
  const char* lane = getenv("ALLOC_COUNTER_PORT_LANE");
  if (lane == NULL || *lane == '\0') own_lane = 0;
  else if (strlen(lane) == 1 && lane[0] >= '0' && lane[0] < '0' + LANES) own_lane = lane[0] - '0';
  else own_lane = -1;
}

static int port_of(const struct sockaddr* addr, socklen_t len) {
  if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in))
    return ntohs(((const struct sockaddr_in*)addr)->sin_port);
  if (addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6))
    return ntohs(((const struct sockaddr_in6*)addr)->sin6_port);
  return -1;
}

static int is_stream(int fd) {
  int type = 0;
  socklen_t size = sizeof(type);
  return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0 && type == SOCK_STREAM;
}

// Binds `fd` to the first free port of its lane; 0, or -1 with errno set by
// the last bind (EADDRINUSE when every port was taken).
static int bind_fixed(int fd, const struct sockaddr* addr, socklen_t len) {
  struct sockaddr_storage copy;
  memcpy(&copy, addr, len);
  for (int residue = 0; residue < RESIDUES; residue++) {
    uint16_t port = htons((uint16_t)(PORT_RESIDUE + residue + own_lane * CACHE_SLOTS));
    if (copy.ss_family == AF_INET) ((struct sockaddr_in*)&copy)->sin_port = port;
    else ((struct sockaddr_in6*)&copy)->sin6_port = port;
    if (real_bind(fd, (const struct sockaddr*)&copy, len) == 0) return 0;
    if (errno != EADDRINUSE) return -1;
  }
  return -1;
}

VTIME_EXPORT int bind(int fd, const struct sockaddr* addr, socklen_t len) {
  if (real_bind == NULL) vtime_resolve_bind();
  if (addr == NULL || len > sizeof(struct sockaddr_storage) || port_of(addr, len) != 0 || own_lane < 0 ||
      !vtime_on_main_thread() || !is_stream(fd))
    return real_bind(fd, addr, len);
  int saved = errno;
  if (bind_fixed(fd, addr, len) == 0) {
    errno = saved;
    return 0;
  }
  // An address that is not local, no permission: the kernel's answer for port 0 is the same.
  if (errno != EADDRINUSE) return -1;
  errno = saved;
  return real_bind(fd, addr, len);
}
