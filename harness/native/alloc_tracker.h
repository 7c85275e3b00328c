// What the files of the V8 allocation-tracking addon share. The addon is
// alloc_tracker.cc (the functions JS calls, and closing a window) plus one file
// per concern; ARCHITECTURE.md, "The addon", describes them.
#ifndef ALLOC_COUNTER_ALLOC_TRACKER_H_
#define ALLOC_COUNTER_ALLOC_TRACKER_H_

#include <node.h>
#include <uv.h>

#include <string>

// Shared between the addon's files only: not exported from alloc_tracker.node.
#pragma GCC visibility push(hidden)

namespace alloc_tracker {

void ThrowError(v8::Isolate* isolate, const std::string& message);

// ---- tracker_json.cc: JSON text from C++ ---------------------------------------

void AppendJsonString(std::string& out, const std::string& text);
std::string Utf8(v8::Isolate* isolate, v8::Local<v8::String> value);

// ---- tracker_native_window.cc: the malloc counter's window switches ----------

// Looks up malloc_counter.c's window functions (once, as the module loads,
// outside every window); where it is not preloaded, the calls below do nothing.
void LookUpNativeWindow();
// Zeroes the native counters and starts counting; false when not preloaded.
bool BeginNativeWindow();
void SuspendNativeCounting();
void ResumeNativeCounting();

// ---- tracker_random.cc: fixed entropy in counting children -------------------

// Replaces OpenSSL's generator with a fixed-seed one; false where Node does not export RAND_set_rand_method.
bool InstallFixedRandom();

// ---- tracker_wakeup.cc: the platform's loop wake-up at a window's start ------

// Finds Node's platform flush (once, as the module loads).
void FindPlatformFlushTasks();
// As a heap window opens: takes back the platform's pending uv_async wake-up.
void TakeBackPlatformWakeUp(uv_loop_t* loop);
// As it closes: gives back the wake-ups it took.
void GiveBackPlatformWakeUp();

// ---- tracker_snapshot.cc: the heap snapshot, written from C++ ----------------

// Takes a heap snapshot (V8 runs a full GC first) and writes it as JSON to
// path (or drops it when path is empty). Returns an error message, empty on
// success.
std::string WriteSnapshot(v8::Isolate* isolate, const std::string& path);

// ---- tracker_counting.cc: the figures of a window, from the sampling profiler -

// startCounting(keepCollected), called from JS: opens a counting window.
void StartCounting(const v8::FunctionCallbackInfo<v8::Value>& args);
bool IsCounting();
// Closes the counting window: takes the snapshot first when snapshot_path is
// not empty (--explain and friends), else a full GC when collect_garbage, then
// writes the window's profile to path. Returns an error message, empty on success.
std::string FinishCounting(v8::Isolate* isolate, const std::string& path, bool collect_garbage,
                           const std::string& snapshot_path);

}  // namespace alloc_tracker

#pragma GCC visibility pop

#endif  // ALLOC_COUNTER_ALLOC_TRACKER_H_
