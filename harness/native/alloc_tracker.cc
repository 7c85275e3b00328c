// V8 allocation tracking for alloc-counter's child process: the functions JS
// calls (harness/child/counters.ts), and the close of a measurement window.
// ARCHITECTURE.md, "The addon", describes the files of this addon:
//   tracker_snapshot.cc        the heap snapshot, written from C++
//   tracker_wakeup.cc          the platform's loop wake-up, taken back as a window opens
//   tracker_sampling.cc        the sampling heap profile of --profile
//   tracker_native_window.cc   the malloc counter's window switches (malloc_counter.c)
//
// Why C++ and not node:inspector: the inspector's HeapProfiler domain starts a
// 50 ms heap-stats timer that runs GCs and perturbs the event loop (6 distinct
// totals in 10 runs of one workload), and loses the trace ids of moved objects
// (a 100-object leak read as 0 remaining). Here tracking is switched on and
// off directly, and the snapshot is serialised from C++ straight into a file,
// so no JS object is allocated while the figures are being taken.
#include <node.h>
#include <uv.h>
#include <v8-profiler.h>

#ifdef __linux__
#include <signal.h>
#include <sys/prctl.h>
#endif

#include <string>

#include "alloc_tracker.h"

namespace alloc_tracker {

void ThrowError(v8::Isolate* isolate, const std::string& message) {
  isolate->ThrowException(v8::Exception::Error(
      v8::String::NewFromUtf8(isolate, message.c_str()).ToLocalChecked()));
}

namespace {

using v8::FunctionCallbackInfo;
using v8::Isolate;
using v8::Value;

// startTracking(): records every JS heap allocation into V8's trace tree.
void StartTracking(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  isolate->GetHeapProfiler()->StartTrackingHeapObjects(true);
  TakeBackPlatformWakeUp(node::GetCurrentEventLoop(isolate));
}

// startNativeWindow(): zeroes the native counters and starts counting; true
// when the malloc counter is preloaded.
void StartNativeWindow(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(BeginNativeWindow());
}

// stopTracking(): discards the trace tree; serialise a snapshot first.
void StopTracking(const FunctionCallbackInfo<Value>& args) {
  args.GetIsolate()->GetHeapProfiler()->StopTrackingHeapObjects();
  GiveBackPlatformWakeUp();
}

// closeWindowAfter(turns, path | null, callback): after `turns` full turns of
// the event loop, takes the snapshot, stops tracking, and only then calls
// callback(error | null).
//
// The turns let what a workload left in flight (handle close callbacks,
// socket shutdowns) finish inside the window, without running any JS of
// Node's timers, whose allocations would count as the workload's. Closing the
// window here, in C++, before any JS runs, keeps the callback and the
// microtasks it resolves out of the figures. A uv idle handle keeps the loop
// from blocking in poll meanwhile.
struct PendingClose {
  uv_idle_t idle;
  int turns_left;
  bool heap_window;  // false: a native window, no snapshot
  std::string path;
  Isolate* isolate;
  v8::Global<v8::Function> callback;
};

void OnIdle(uv_idle_t* handle) {
  auto* pending = static_cast<PendingClose*>(handle->data);
  if (--pending->turns_left > 0) return;
  SuspendNativeCounting();  // for good: the window ends here
  uv_idle_stop(handle);
  Isolate* isolate = pending->isolate;
  std::string error;
  if (pending->heap_window) {
    error = WriteSnapshot(isolate, pending->path);
    std::string sampling_error = FinishSampling(isolate);  // --profile
    if (error.empty()) error = sampling_error;
    isolate->GetHeapProfiler()->StopTrackingHeapObjects();
    GiveBackPlatformWakeUp();
  }

  v8::HandleScope scope(isolate);
  v8::Local<v8::Function> callback = pending->callback.Get(isolate);
  pending->callback.Reset();
  uv_close(reinterpret_cast<uv_handle_t*>(handle),
           [](uv_handle_t* closed) { delete static_cast<PendingClose*>(closed->data); });
  v8::Local<v8::Value> argv[1] = {
      error.empty() ? v8::Null(isolate).As<Value>()
                    : v8::String::NewFromUtf8(isolate, error.c_str()).ToLocalChecked().As<Value>()};
  node::MakeCallback(isolate, callback, callback, 1, argv, node::async_context{0, 0});
}

void WaitTurnsThenClose(Isolate* isolate, PendingClose* pending, v8::Local<v8::Function> callback) {
  pending->isolate = isolate;
  pending->callback.Reset(isolate, callback);
  pending->idle.data = pending;
  uv_idle_init(node::GetCurrentEventLoop(isolate), &pending->idle);
  uv_idle_start(&pending->idle, OnIdle);
}

void CloseWindowAfter(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 3 || !args[0]->IsInt32() || !args[2]->IsFunction()) {
    ThrowError(isolate, "alloc_tracker: closeWindowAfter(turns, path | null, callback)");
    return;
  }
  auto* pending = new PendingClose();
  pending->heap_window = true;
  pending->turns_left = args[0].As<v8::Int32>()->Value();
  if (args[1]->IsString()) {
    v8::String::Utf8Value utf8(isolate, args[1]);
    pending->path.assign(*utf8, utf8.length());
  }
  WaitTurnsThenClose(isolate, pending, args[2].As<v8::Function>());
}

// closeNativeWindowAfter(turns, callback): as closeWindowAfter, for a native
// window: after `turns` turns, stops native counting, then callback(null).
void CloseNativeWindowAfter(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 2 || !args[0]->IsInt32() || !args[1]->IsFunction()) {
    ThrowError(isolate, "alloc_tracker: closeNativeWindowAfter(turns, callback)");
    return;
  }
  // Our PendingClose and idle handle are not the workload's.
  SuspendNativeCounting();
  auto* pending = new PendingClose();
  pending->heap_window = false;
  pending->turns_left = args[0].As<v8::Int32>()->Value();
  WaitTurnsThenClose(isolate, pending, args[1].As<v8::Function>());
  ResumeNativeCounting();
}

// takeSnapshot(path | null): takes a heap snapshot now and writes it to path.
void TakeSnapshot(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  std::string path;
  if (args.Length() > 0 && args[0]->IsString()) {
    // Utf8Value copies into malloc'd memory: no JS heap allocation.
    v8::String::Utf8Value utf8(isolate, args[0]);
    path.assign(*utf8, utf8.length());
  }
  std::string error = WriteSnapshot(isolate, path);
  if (!error.empty()) ThrowError(isolate, error);
}

// dieWithParent(): the kernel kills this process when its parent dies, so a
// runner killed with SIGKILL leaves no child running. Returns false where
// that is not available (not Linux).
void DieWithParent(const FunctionCallbackInfo<Value>& args) {
#ifdef __linux__
  args.GetReturnValue().Set(prctl(PR_SET_PDEATHSIG, SIGKILL) == 0);
#else
  args.GetReturnValue().Set(false);
#endif
}

}  // namespace

}  // namespace alloc_tracker

NODE_MODULE_INIT(/* exports, module, context */) {
  using namespace alloc_tracker;
  LookUpNativeWindow();
  FindPlatformFlushTasks();
  NODE_SET_METHOD(exports, "startTracking", StartTracking);
  NODE_SET_METHOD(exports, "stopTracking", StopTracking);
  NODE_SET_METHOD(exports, "takeSnapshot", TakeSnapshot);
  NODE_SET_METHOD(exports, "closeWindowAfter", CloseWindowAfter);
  NODE_SET_METHOD(exports, "dieWithParent", DieWithParent);
  NODE_SET_METHOD(exports, "startSampling", StartSampling);  // --profile (tracker_sampling.cc)
  NODE_SET_METHOD(exports, "startNativeWindow", StartNativeWindow);
  NODE_SET_METHOD(exports, "closeNativeWindowAfter", CloseNativeWindowAfter);
}
