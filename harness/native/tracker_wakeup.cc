// The platform's wake-up at the start of a window (ARCHITECTURE.md, "The addon").
//
// StartTrackingHeapObjects runs a full GC, and that GC posts Oilpan (cppgc)
// marking and sweeping tasks to Node's platform, whose async handle wakes the
// event loop. The workload's first loop turn then raced that wake-up: when its
// first thread-pool result (an fs open) came back before the loop polled, one
// turn served both; otherwise the wake-up had a turn of its own, and every
// turn costs Node an object (the resource of CheckImmediate's callback scope).
// test_read_file_10000_chunks measured 10006 or 10007 such objects at random.
// So the wake-up is taken back as tracking starts: the platform handles'
// pending flags are cleared and the loop's wake-up fd drained, exactly what
// libuv does before running async callbacks, minus running them. The tasks
// stay queued: they run at the platform's next wake-up inside the window (the
// next task a GC posts), or right after the window, which gives the wake-up
// back (GiveBackPlatformWakeUp). Any other async handle found pending is
// signalled again, so no wake-up of anything else is lost.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "alloc_tracker.h"

namespace alloc_tracker {

namespace {

using AsyncCallback = void (*)(uv_async_t*);

// Node's platform flush (PerIsolatePlatformData::FlushTasks), exported by the
// node binary; null (and nothing is taken back) where it is not.
AsyncCallback platform_flush_tasks = nullptr;

// The platform handles that were pending when the open window took their wake-up back.
std::vector<uv_async_t*> taken_back;

struct AsyncHandles {
  std::vector<uv_async_t*> platform;
  std::vector<uv_async_t*> others;
};

void CollectAsyncHandle(uv_handle_t* handle, void* arg) {
  if (handle->type != UV_ASYNC) return;
  auto* async = reinterpret_cast<uv_async_t*>(handle);
  auto* handles = static_cast<AsyncHandles*>(arg);
  (async->async_cb == platform_flush_tasks ? handles->platform : handles->others).push_back(async);
}

bool IsPending(uv_async_t* async) { return __atomic_load_n(&async->pending, __ATOMIC_SEQ_CST) != 0; }

}  // namespace

void FindPlatformFlushTasks() {
  platform_flush_tasks = reinterpret_cast<AsyncCallback>(
      dlsym(RTLD_DEFAULT, "_ZN4node22PerIsolatePlatformData10FlushTasksEP10uv_async_s"));
}

void TakeBackPlatformWakeUp(uv_loop_t* loop) {
#ifndef _WIN32
  if (platform_flush_tasks == nullptr) return;
  AsyncHandles handles;
  handles.others.push_back(&loop->wq_async);  // libuv's own, which uv_walk skips
  uv_walk(loop, CollectAsyncHandle, &handles);
  // Clear first, then drain: a flag set again after this is seen below.
  taken_back.clear();
  for (uv_async_t* async : handles.platform) {
    if (__atomic_exchange_n(&async->pending, 0, __ATOMIC_SEQ_CST) != 0) taken_back.push_back(async);
  }
  char drained[64];
  while (read(loop->async_io_watcher.fd, drained, sizeof drained) > 0) {
  }
  bool pending = false;
  for (uv_async_t* async : handles.platform) pending = pending || IsPending(async);
  for (uv_async_t* async : handles.others) pending = pending || IsPending(async);
  if (!pending) return;
  // Signal again as uv__async_send does: 8 bytes to an eventfd, else a byte to the pipe.
  static const uint64_t one = 1;
  ssize_t written;
  do {
    written = loop->async_wfd == -1 ? write(loop->async_io_watcher.fd, &one, sizeof one)
                                    : write(loop->async_wfd, "", 1);
  } while (written == -1 && errno == EINTR);
#endif
}

// After the window: the queued tasks run on the next turn, outside every window.
void GiveBackPlatformWakeUp() {
  for (uv_async_t* async : taken_back) uv_async_send(async);
  taken_back.clear();
}

}  // namespace alloc_tracker
