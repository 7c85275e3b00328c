// Fixed entropy for a counting child (ARCHITECTURE.md, "Determinism").
//
// Some code allocates according to random bytes: on Node >= 26 ws masks its
// frames with http.websocketMask, whose maskKeyToUint32 returns the 4 random
// mask bytes as a uint32, a heap number whenever it is above the Smi range
// (half the masks), so 1000 echoes took 24 to 48 allocations more or fewer in
// each process. Like virtual time, the addon takes the chance out of the
// environment, not out of the workload: OpenSSL's RAND_bytes (crypto.randomFillSync,
// randomBytes, randomUUID, TLS) answers from a fixed-seed generator
// (splitmix64), the same stream in every process. Not secure, on purpose: it is
// only installed in counting children (the child's fixRandom call), never in -n
// runs or the runner. RAND_set_rand_method is OpenSSL's (deprecated but kept)
// way to replace the generator; Node exports it, found with dlsym, so where it
// is missing nothing changes and fixRandom() returns false.
#include <dlfcn.h>

#include <cstdint>
#include <mutex>

#include "alloc_tracker.h"

namespace alloc_tracker {

namespace {

// OpenSSL's struct rand_meth_st (openssl/rand.h), unchanged since 1.1.0.
struct RandMethod {
  int (*seed)(const void* buf, int num);
  int (*bytes)(unsigned char* buf, int num);
  void (*cleanup)();
  int (*add)(const void* buf, int num, double entropy);
  int (*pseudorand)(unsigned char* buf, int num);
  int (*status)();
};

constexpr uint64_t kSeed = 0x616c6c6f63637472;  // "allocctr"
std::mutex state_mutex;
uint64_t state = kSeed;

uint64_t NextWord() {
  uint64_t z = (state += 0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

int FixedBytes(unsigned char* buf, int num) {
  std::lock_guard<std::mutex> lock(state_mutex);
  for (int i = 0; i < num; i += 8) {
    uint64_t word = NextWord();
    for (int j = 0; j < 8 && i + j < num; j++) buf[i + j] = static_cast<unsigned char>(word >> (8 * j));
  }
  return 1;
}

int IgnoreSeed(const void*, int) { return 1; }
int IgnoreAdd(const void*, int, double) { return 1; }
void NoCleanup() {}
int Ready() { return 1; }

const RandMethod fixed_method = {IgnoreSeed, FixedBytes, NoCleanup, IgnoreAdd, FixedBytes, Ready};

}  // namespace

bool InstallFixedRandom() {
  using SetRandMethod = int (*)(const RandMethod*);
  auto set_method = reinterpret_cast<SetRandMethod>(dlsym(RTLD_DEFAULT, "RAND_set_rand_method"));
  return set_method != nullptr && set_method(&fixed_method) == 1;
}

}  // namespace alloc_tracker
