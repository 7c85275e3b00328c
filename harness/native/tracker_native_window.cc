// The native (malloc) counter's window, when malloc_counter.c is preloaded.
// Native windows are runs of their own, without V8's allocation tracking:
// the tracker mallocs for every JS allocation it records (its address-to-trace
// map), which would swamp the workload's own figures. The window closes in
// C++ (alloc_tracker.cc), before any JS of ours runs; the C++ bookkeeping of
// closing is suspended too. Null functions when the library is not preloaded.
#include <dlfcn.h>

#include "alloc_tracker.h"

namespace alloc_tracker {

namespace {

struct NativeWindow {
  void (*begin)() = nullptr;
  void (*suspend)() = nullptr;
  void (*resume)() = nullptr;
};

NativeWindow native_window;  // set when the module loads, outside every window

}  // namespace

void LookUpNativeWindow() {
  NativeWindow window;
  window.begin = reinterpret_cast<void (*)()>(dlsym(RTLD_DEFAULT, "alloc_counter_native_begin_window"));
  window.suspend = reinterpret_cast<void (*)()>(dlsym(RTLD_DEFAULT, "alloc_counter_native_suspend"));
  window.resume = reinterpret_cast<void (*)()>(dlsym(RTLD_DEFAULT, "alloc_counter_native_resume"));
  if (!window.begin || !window.suspend || !window.resume) window = NativeWindow{};
  native_window = window;
}

bool BeginNativeWindow() {
  if (native_window.begin) native_window.begin();
  return native_window.begin != nullptr;
}

void SuspendNativeCounting() {
  if (native_window.suspend) native_window.suspend();
}

void ResumeNativeCounting() {
  if (native_window.resume) native_window.resume();
}

}  // namespace alloc_tracker
